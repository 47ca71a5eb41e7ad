#!/bin/sh
# Starts Varnish with the project's VCL (default.vcl beside this script), its backends and
# its purge ACL taken from the environment. VCL cannot read the environment, so this
# writes the VCL that varnishd loads: default.vcl with its two marked blocks replaced.
#
#   VARNISH_BACKENDS  the site's app servers as host:port, separated by spaces or commas,
#                     e.g. "web:8000 web2:8000": round-robin, each probed on /healthz
#   VARNISH_PURGERS   who may send BAN: addresses, networks (10.0.0.0/8) or host names,
#                     separated by spaces or commas, e.g. "web web2". Names are looked up
#                     when varnishd compiles the VCL, that is when it starts
#   VARNISH_LISTEN    varnishd -a (default :6081)
#   VARNISH_SIZE      cache memory (default 256m)
#   VARNISH_VCL       where the VCL is written (default /tmp/medreview.vcl)
#   VARNISHD          the varnishd to run (default: varnishd on the PATH)
#   VARNISH_VCL_ONLY  1: write the VCL and stop
# Further arguments go to varnishd.
#
# deploy/compose.yaml runs it as the varnish service's entrypoint; tests/test_deploy.py
# runs it with this machine's varnishd.
set -eu
set -f # no globbing: the lists are split on spaces, never expanded

here=$(cd "$(dirname "$0")" && pwd)
template=${VARNISH_VCL_TEMPLATE:-$here/default.vcl}
out=${VARNISH_VCL:-/tmp/medreview.vcl}

fail() {
    echo "deploy/varnish/start.sh: $*" >&2
    exit 1
}

entries() {
    printf '%s\n' "$1" | tr ',' ' '
}

backends_block() {
    [ -n "${VARNISH_BACKENDS:-}" ] || fail "set VARNISH_BACKENDS (host:port of each app server)"
    count=0
    printf '# Backends from VARNISH_BACKENDS (deploy/varnish/start.sh).\n'
    printf 'import directors;\n\n'
    printf 'probe healthz {\n    .url = "/healthz";\n    .interval = 5s;\n    .timeout = 2s;\n'
    printf '    .window = 5;\n    .threshold = 3;\n}\n'
    for entry in $(entries "$VARNISH_BACKENDS"); do
        host=${entry%:*}
        port=${entry##*:}
        case $host in '' | *[!A-Za-z0-9.-]*) fail "VARNISH_BACKENDS: '$entry' is not host:port" ;; esac
        case $port in '' | *[!0-9]*) fail "VARNISH_BACKENDS: '$entry' is not host:port" ;; esac
        count=$((count + 1))
        printf '\nbackend app%d {\n    .host = "%s";\n    .port = "%s";\n' "$count" "$host" "$port"
        printf '    .connect_timeout = 2s;\n    .first_byte_timeout = 30s;\n    .probe = healthz;\n}\n'
    done
    [ "$count" -gt 0 ] || fail "VARNISH_BACKENDS names no app server"
    printf '\nsub vcl_init {\n    new app = directors.round_robin();\n'
    index=1
    while [ "$index" -le "$count" ]; do
        printf '    app.add_backend(app%d);\n' "$index"
        index=$((index + 1))
    done
    printf '}\n\n# Runs before the vcl_recv below: VCL joins the subroutines of one name in order.\n'
    printf 'sub vcl_recv {\n    set req.backend_hint = app.backend();\n}\n'
}

purgers_block() {
    [ -n "${VARNISH_PURGERS:-}" ] || fail "set VARNISH_PURGERS (who may send BAN)"
    count=0
    printf '# Who may ban: VARNISH_PURGERS (deploy/varnish/start.sh).\nacl purgers {\n'
    for entry in $(entries "$VARNISH_PURGERS"); do
        address=${entry%%/*}
        case $address in '' | *[!A-Za-z0-9.:-]*) fail "VARNISH_PURGERS: '$entry' is not an address, network or name" ;; esac
        if [ "$address" = "$entry" ]; then
            printf '    "%s";\n' "$address"
        else
            mask=${entry#*/}
            case $mask in '' | *[!0-9]*) fail "VARNISH_PURGERS: '$entry' is not an address, network or name" ;; esac
            printf '    "%s"/%s;\n' "$address" "$mask"
        fi
        count=$((count + 1))
    done
    [ "$count" -gt 0 ] || fail "VARNISH_PURGERS names no one"
    printf '}\n'
}

# default.vcl, with each block between "# BEGIN <name>" and "# END <name>" replaced.
write_vcl() {
    block=
    replaced=
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in
            "# BEGIN backends"*) block=backends ;;
            "# BEGIN purgers"*) block=purgers ;;
            "# END $block"*)
                [ -n "$block" ] || fail "$template: an END without its BEGIN"
                "${block}_block"
                replaced="$replaced $block"
                block=
                ;;
            *) [ -n "$block" ] || printf '%s\n' "$line" ;;
        esac
    done <"$template"
    [ "$replaced" = " backends purgers" ] || fail "$template: expected the backends and purgers blocks, found:$replaced"
}

tmp="$out.$$"
trap 'rm -f "$tmp"' EXIT
write_vcl >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"

if [ "${VARNISH_VCL_ONLY:-0}" = 1 ]; then
    exit 0
fi
# http_gzip_support off: the site compresses; default.vcl says why.
exec "${VARNISHD:-varnishd}" -F -f "$out" -a "${VARNISH_LISTEN:-:6081}" -s "malloc,${VARNISH_SIZE:-256m}" \
    -p http_gzip_support=off "$@"
