// shim.h — typed, non-variadic wrappers around curl's variadic setopt/getinfo for Swift.
#ifndef HIKYAKU_CCURL_SHIM_H
#define HIKYAKU_CCURL_SHIM_H
#include <curl/curl.h>

static inline CURLcode hk_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hk_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hk_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hk_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode hk_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*hk_read_cb)(char *buffer, size_t size, size_t nitems, void *userdata);
static inline CURLcode hk_setopt_readfn(CURL *h, hk_read_cb f) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
typedef int (*hk_debug_cb)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode hk_setopt_debugfn(CURL *h, hk_debug_cb f) { return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, f); }
static inline CURLcode hk_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode hk_getinfo_double(CURL *h, CURLINFO i, double *out) { return curl_easy_getinfo(h, i, out); }
#endif
