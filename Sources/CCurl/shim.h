// shim.h — libcurl loaded at run time (dlopen), and typed wrappers around its variadic setopt/getinfo.
#ifndef HIKYAKU_CCURL_SHIM_H
#define HIKYAKU_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

// hikyaku does not link libcurl: only the headers are used at build time. The library (and the
// ~30 it pulls in: TLS, Kerberos, LDAP, SSH…) is opened on the first SMTP transport, so the
// commands that never send mail (token, otp, enqueue, status…) start without paying for it.

/// The libcurl functions hikyaku calls, resolved with dlsym. The variadic two stay untyped:
/// Swift cannot call a C variadic through a pointer, so only the wrappers below call them.
/// Swift never builds one: it hands `hk_curl_load` uninitialised memory to fill.
typedef struct hk_curl_api {
    CURLcode (* _Nonnull global_init)(long flags);
    CURL *(* _Nonnull easy_init)(void);
    void (* _Nonnull easy_cleanup)(CURL *h);
    CURLcode (* _Nonnull easy_perform)(CURL *h);
    const char * _Nonnull (* _Nonnull easy_strerror)(CURLcode code);  /* never NULL */
    struct curl_slist *(* _Nonnull slist_append)(struct curl_slist *list, const char *string);
    void (* _Nonnull slist_free_all)(struct curl_slist *list);
    void * _Nonnull easy_setopt;   /* CURLcode (*)(CURL *, CURLoption, ...) */
    void * _Nonnull easy_getinfo;  /* CURLcode (*)(CURL *, CURLINFO, ...) */
} hk_curl_api;

/// Opens `soname` (RTLD_NOW | RTLD_LOCAL) and fills `api`. Returns NULL on success, else a
/// description of what failed: dlerror()'s text, or the name of a missing symbol. On failure
/// the library is closed again and `api` must not be used. Not thread-safe: call it once.
static inline const char *hk_curl_load(const char *soname, hk_curl_api *api) {
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        return why ? why : "dlopen failed";
    }
#define HK_CURL_SYM(field, name) \
    if (!(*(void **)&api->field = dlsym(lib, name))) { dlclose(lib); return "missing symbol " name; }
    HK_CURL_SYM(global_init, "curl_global_init")
    HK_CURL_SYM(easy_init, "curl_easy_init")
    HK_CURL_SYM(easy_cleanup, "curl_easy_cleanup")
    HK_CURL_SYM(easy_perform, "curl_easy_perform")
    HK_CURL_SYM(easy_strerror, "curl_easy_strerror")
    HK_CURL_SYM(slist_append, "curl_slist_append")
    HK_CURL_SYM(slist_free_all, "curl_slist_free_all")
    HK_CURL_SYM(easy_setopt, "curl_easy_setopt")
    HK_CURL_SYM(easy_getinfo, "curl_easy_getinfo")
#undef HK_CURL_SYM
    return NULL;
}

typedef CURLcode (*hk_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*hk_getinfo_fn)(CURL *, CURLINFO, ...);
#define HK_SETOPT(a) ((hk_setopt_fn)(a)->easy_setopt)
#define HK_GETINFO(a) ((hk_getinfo_fn)(a)->easy_getinfo)

static inline CURLcode hk_setopt_long(const hk_curl_api *a, CURL *h, CURLoption o, long v) { return HK_SETOPT(a)(h, o, v); }
static inline CURLcode hk_setopt_ptr(const hk_curl_api *a, CURL *h, CURLoption o, void *v) { return HK_SETOPT(a)(h, o, v); }
static inline CURLcode hk_setopt_str(const hk_curl_api *a, CURL *h, CURLoption o, const char *v) { return HK_SETOPT(a)(h, o, v); }
static inline CURLcode hk_setopt_off(const hk_curl_api *a, CURL *h, CURLoption o, curl_off_t v) { return HK_SETOPT(a)(h, o, v); }
static inline CURLcode hk_setopt_slist(const hk_curl_api *a, CURL *h, CURLoption o, struct curl_slist *v) { return HK_SETOPT(a)(h, o, v); }
typedef size_t (*hk_read_cb)(char *buffer, size_t size, size_t nitems, void *userdata);
static inline CURLcode hk_setopt_readfn(const hk_curl_api *a, CURL *h, hk_read_cb f) { return HK_SETOPT(a)(h, CURLOPT_READFUNCTION, f); }
typedef int (*hk_debug_cb)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode hk_setopt_debugfn(const hk_curl_api *a, CURL *h, hk_debug_cb f) { return HK_SETOPT(a)(h, CURLOPT_DEBUGFUNCTION, f); }
static inline CURLcode hk_getinfo_long(const hk_curl_api *a, CURL *h, CURLINFO i, long *out) { return HK_GETINFO(a)(h, i, out); }
static inline CURLcode hk_getinfo_socket(const hk_curl_api *a, CURL *h, CURLINFO i, curl_socket_t *out) { return HK_GETINFO(a)(h, i, out); }
static inline CURLcode hk_getinfo_double(const hk_curl_api *a, CURL *h, CURLINFO i, double *out) { return HK_GETINFO(a)(h, i, out); }
#endif
