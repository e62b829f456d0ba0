# install.sh — installs Debian packages only when they are missing (apt-get update once, as needed).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Postfix is installed for its smtp-sink/smtp-source tools only: "No configuration" starts no daemon.
preseed_postfix() {
    echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
}
