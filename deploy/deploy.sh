#!/usr/bin/env bash
# Puts the code checked out here into service, in one step (deploy/README.md):
#
#   cd /srv/medreview && git pull --ff-only && sudo deploy/deploy.sh
#
# In the app directory (this script's parent) and with its venv (.venv), it
#   1. installs requirements.lock (pinned, hashes checked)       MEDREVIEW_INSTALL=0 skips it
#   2. runs manage.py check --deploy: a configuration unfit to serve stops the deploy
#      before anything has changed (--fail-level MEDREVIEW_CHECK_FAIL_LEVEL, default WARNING)
#   3. runs manage.py collectstatic --noinput
#   4. runs manage.py migrate --noinput (as MEDREVIEW_USER, below)
#   5. reloads gunicorn: new workers on the new code, the running requests finish on the old
# and stops at the first step that fails, leaving gunicorn as it was.
#
# Environment (all optional):
#   MEDREVIEW_ENV_FILE   the site's configuration, read as systemd reads EnvironmentFile=
#                        (NAME=value a line; # comments): default /etc/medreview/env, if present
#   MEDREVIEW_PYTHON     default <app directory>/.venv/bin/python
#   MEDREVIEW_USER       run as root, migrate runs as this user, so that an SQLite file and
#                        its journal stay the service's (default medreview; empty: as the caller)
#   MEDREVIEW_RELOAD_CMD how to reload, run with bash -c (e.g. "true" to reload nothing); else
#   MEDREVIEW_PIDFILE    gunicorn's --pid file: the master gets HUP; else, under systemd,
#   MEDREVIEW_SERVICE    systemctl reload-or-restart this unit (default medreview)
set -euo pipefail

app_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$app_dir"

say() { printf '== deploy: %s\n' "$*"; }
fail() {
    printf 'deploy/deploy.sh: %s\n' "$*" >&2
    exit 1
}

# The site's configuration: every NAME=value line of the file, exported as it stands
# (quotes around the whole value removed), never evaluated by the shell.
load_env_file() {
    local file=$1 line name value number=0
    while IFS= read -r line || [[ -n $line ]]; do
        number=$((number + 1))
        line=${line#"${line%%[![:space:]]*}"}
        [[ -z $line || $line == \#* || $line == \;* ]] && continue
        [[ $line == *=* ]] || fail "$file:$number: not NAME=value"
        name=${line%%=*}
        name=${name%"${name##*[![:space:]]}"}
        value=${line#*=}
        value=${value#"${value%%[![:space:]]*}"}
        value=${value%"${value##*[![:space:]]}"}
        [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "$file:$number: '$name' is not a variable name"
        if [[ ${#value} -ge 2 && ($value == \"*\" || $value == \'*\') ]]; then
            value=${value:1:${#value}-2}
        fi
        export "$name=$value"
    done <"$file"
}

env_file=${MEDREVIEW_ENV_FILE-/etc/medreview/env}
if [[ -n $env_file ]]; then
    if [[ -f $env_file ]]; then
        say "configuration from $env_file"
        load_env_file "$env_file"
    elif [[ -n ${MEDREVIEW_ENV_FILE:-} ]]; then
        fail "MEDREVIEW_ENV_FILE=$env_file: no such file"
    fi
fi

python=${MEDREVIEW_PYTHON:-$app_dir/.venv/bin/python}
[[ -x $python ]] || fail "no Python at $python (make the venv: python3 -m venv .venv, or set MEDREVIEW_PYTHON)"

manage() { "$python" manage.py "$@"; }

# Migrations write the database: as root, do it as the service's user.
manage_as_service_user() {
    local user=${MEDREVIEW_USER-medreview}
    if [[ $(id -u) == 0 && -n $user ]] && id "$user" >/dev/null 2>&1; then
        setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- "$python" manage.py "$@"
    else
        manage "$@"
    fi
}

reload() {
    if [[ -n ${MEDREVIEW_RELOAD_CMD:-} ]]; then
        say "reload: $MEDREVIEW_RELOAD_CMD"
        bash -c "$MEDREVIEW_RELOAD_CMD"
    elif [[ -n ${MEDREVIEW_PIDFILE:-} ]]; then
        local pid
        pid=$(<"$MEDREVIEW_PIDFILE")
        [[ $pid =~ ^[0-9]+$ ]] || fail "$MEDREVIEW_PIDFILE holds no process id"
        say "reload: HUP to gunicorn ($pid)"
        kill -HUP "$pid"
    elif [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
        local unit=${MEDREVIEW_SERVICE:-medreview}
        say "reload: systemctl reload-or-restart $unit"
        systemctl reload-or-restart "$unit"
    else
        fail "migrated, but cannot reload gunicorn: set MEDREVIEW_RELOAD_CMD or MEDREVIEW_PIDFILE"
    fi
}

if [[ ${MEDREVIEW_INSTALL:-1} != 0 ]]; then
    say "install requirements.lock"
    "$python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
fi
say "check --deploy"
manage check --deploy --fail-level "${MEDREVIEW_CHECK_FAIL_LEVEL:-WARNING}"
say "collectstatic"
manage collectstatic --noinput
say "migrate"
manage_as_service_user migrate --noinput
reload
say "done"
