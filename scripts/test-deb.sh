#!/usr/bin/env bash
# The packaging test (`make test` runs it): packs the debug build with
# scripts/build-deb.sh — what `make deb` does with the release build, without
# its 10+ minutes of optimising, stripping and compression — then checks the
# package as dpkg sees it: control fields, contents, conffiles, maintainer
# scripts, and `kite --help` / `kited --help` run from a scratch root (dpkg -x).
# The debug binaries link the toolchain's Swift runtime, so Depends is the
# fixed list and lintian is left to `make deb`.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dpkg-deb >/dev/null; then
    echo "test-deb: skipped: dpkg-deb is missing (make deps installs dpkg-dev)"
    exit 0
fi
BIN_DIR=${BIN_DIR:-.build/debug}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kite-deb-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1; shift
    if "$@" >"$WORK/out" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "test-deb: FAILED: $what"
        sed 's/^/    /' "$WORK/out" | head -20
    fi
}
has_line() { grep -qxF -- "$1" "$2"; }

scripts/gen-manpages.sh "$WORK/man" debug
DEB=$(BIN_DIR=$BIN_DIR OUT_DIR=$WORK DEB_COMPRESS=none DEB_SHLIBDEPS=0 DEB_STRIP=0 MAN_DIR=$WORK/man \
      DEB_VERSION=0.1.0+test scripts/build-deb.sh)
echo "test-deb: built $(basename "$DEB") from $BIN_DIR"

# Control fields.
dpkg-deb --field "$DEB" > "$WORK/control"
check "Package is kite-auto" has_line "Package: kite-auto" "$WORK/control"
check "Version is the one asked for" has_line "Version: 0.1.0+test" "$WORK/control"
check "Architecture is the build's" has_line "Architecture: $(dpkg --print-architecture)" "$WORK/control"
check "Depends names adduser and libpq5" grep -qE '^Depends: adduser, .*libpq5' "$WORK/control"
check "Installed-Size is set" grep -qE '^Installed-Size: [0-9]+$' "$WORK/control"

# Contents: paths, owners, modes.
dpkg-deb --contents "$DEB" > "$WORK/listing"
awk '{ name = $6; if ($7 == "->") name = name " -> " $8; print name }' "$WORK/listing" > "$WORK/paths"
for path in ./usr/bin/kite ./usr/bin/kited ./usr/bin/kite-api ./usr/share/kite/web/index.html ./usr/share/kite/web/sw.js \
            ./usr/share/kite/Keymaps/default.toml ./usr/share/kite/Screens/vehicle.toml \
            ./usr/share/kite/KiteAuto_KiteStore.resources/Migrations/0004_job_queue.sql \
            ./etc/kite/kite.toml ./etc/kite/kited.toml ./etc/kite/kite-api.toml ./etc/kite/damage_codes.toml ./etc/kite/templates/contract.toml \
            ./lib/systemd/system/kited.service ./lib/systemd/system/kite-api.service ./usr/share/man/man1/kite-api.1.gz \
            ./usr/share/bash-completion/completions/kite-api ./usr/share/doc/kite-auto/examples/haproxy.cfg \
            ./usr/share/man/man1/kite.1.gz ./usr/share/man/man1/kited.1.gz \
            ./usr/share/bash-completion/completions/kite ./usr/share/bash-completion/completions/kited \
            ./usr/share/zsh/vendor-completions/_kite ./usr/share/zsh/vendor-completions/_kited \
            ./usr/share/fish/vendor_completions.d/kite.fish ./usr/share/fish/vendor_completions.d/kited.fish \
            ./usr/share/doc/kite-auto/copyright ./usr/share/doc/kite-auto/changelog.gz; do
    check "contains $path" has_line "$path" "$WORK/paths"
done
check "/usr/share/kite/config links to /etc/kite" has_line "./usr/share/kite/config -> /etc/kite" "$WORK/paths"
check "no folder inside /usr/bin" bash -c "! grep -E '^\./usr/bin/.+/' '$WORK/paths'"
check "every file owned by root:root" bash -c "awk '{print \$2}' '$WORK/listing' | sort -u | grep -qx root/root"
check "binaries are 0755" bash -c "grep -E ' \./usr/bin/kite(d|-api)?$' '$WORK/listing' | awk '{print \$1}' | sort -u | grep -qx -- -rwxr-xr-x"
check "more than one man page (the subcommands)" bash -c "[ \$(grep -c '^\./usr/share/man/man1/kite\..*\.1\.gz$' '$WORK/paths') -ge 5 ]"

# Control archive: conffiles, maintainer scripts.
mkdir -p "$WORK/control.d"
dpkg-deb --control "$DEB" "$WORK/control.d"
# The repository's shipped configuration: every file the admin may edit.
(cd config && ls kite.toml kited.toml kite-api.toml damage_codes.toml templates/*.toml checklists/*.toml) | sed 's#^#/etc/kite/#' | LC_ALL=C sort \
    > "$WORK/conffiles.expected"
check "conffiles are exactly the files under /etc/kite" diff -u "$WORK/conffiles.expected" "$WORK/control.d/conffiles"
for script in postinst prerm postrm; do
    check "$script is executable" test -x "$WORK/control.d/$script"
    check "$script is valid sh" sh -n "$WORK/control.d/$script"
done
check "postinst creates the system user kite" bash -c "grep -q 'adduser --system --group' '$WORK/control.d/postinst' && grep -q -- '--quiet kite$' '$WORK/control.d/postinst'"
check "postinst lets kite read kited.toml and kite-api.toml" bash -c "grep -q 'for file in /etc/kite/kited.toml /etc/kite/kite-api.toml' '$WORK/control.d/postinst' && grep -q 'dpkg-statoverride --update --add root kite 0640 \"\$file\"' '$WORK/control.d/postinst'"
check "prerm stops kited on remove" grep -q "deb-systemd-invoke stop 'kited.service'" "$WORK/control.d/prerm"
check "postrm forgets the unit on purge" grep -q "deb-systemd-helper purge 'kited.service'" "$WORK/control.d/postrm"
check "md5sums cover the binaries" grep -qE ' usr/bin/kited$' "$WORK/control.d/md5sums"

# A scratch root, as dpkg unpacks it.
ROOT=$WORK/root
dpkg -x "$DEB" "$ROOT"
check "kite --help runs from the scratch root" bash -c "'$ROOT/usr/bin/kite' --help | grep -q 'USAGE: kite'"
check "kited --help runs from the scratch root" bash -c "'$ROOT/usr/bin/kited' --help | grep -q 'USAGE: kited'"
check "kite-api --help runs from the scratch root" bash -c "'$ROOT/usr/bin/kite-api' --help | grep -q 'USAGE: kite-api'"
check "the unit starts the packaged kite-api" grep -qx 'ExecStart=/usr/bin/kite-api --config /etc/kite/kite-api.toml' "$ROOT/lib/systemd/system/kite-api.service"
check "the packaged kite-api serves the packaged web app" grep -qx 'web_root = "/usr/share/kite/web"' "$ROOT/etc/kite/kite-api.toml"
check "the unit starts the packaged kited" grep -qx 'ExecStart=/usr/bin/kited run --config /etc/kite/kited.toml' "$ROOT/lib/systemd/system/kited.service"
check "the unit's user is kite" grep -qx 'User=kite' "$ROOT/lib/systemd/system/kited.service"
check "the man page of kite is a manual page" bash -c "zcat '$ROOT/usr/share/man/man1/kite.1.gz' | grep -q '^\.Dt KITE 1'"
check "the bash completion completes kite" grep -q '_kite()' "$ROOT/usr/share/bash-completion/completions/kite"
check "the shipped kited.toml is the repository's" cmp "$ROOT/etc/kite/kited.toml" config/kited.toml
check "changelog names the version" bash -c "zcat '$ROOT/usr/share/doc/kite-auto/changelog.gz' | head -1 | grep -qF 'kite-auto (0.1.0+test)'"

echo "test-deb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
