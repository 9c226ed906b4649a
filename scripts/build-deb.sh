#!/usr/bin/env bash
# Builds the Debian package kite-auto_<version>_<arch>.deb from built binaries
# (`make deb` runs it on the release build; the packaging test on the debug one).
#
#   BIN_DIR       kite, kited, kite-api and KiteAuto_KiteStore.resources (default .build/release)
#   MAN_DIR       man pages from the generate-manual plugin (default: made by scripts/gen-manpages.sh)
#   OUT_DIR       where the .deb goes (default .build/deb)
#   DEB_VERSION   default 0.1.0+git<commit date>.<commit>
#   DEB_COMPRESS  dpkg-deb -Z: xz (default), gzip, none
#   DEB_SHLIBDEPS 1 (default): Depends computed by dpkg-shlibdeps; 0: the fixed list below
#                 (for debug binaries, which link the toolchain's Swift runtime)
#   DEB_STRIP     1 (default): strip the binaries
#
# Layout (how the binaries find their files):
#   /usr/bin/kite, /usr/bin/kited, /usr/bin/kite-api
#   /usr/share/kite/{Screens,Keymaps}                  <executable>/../share/kite (DataPaths)
#   /usr/share/kite/KiteAuto_KiteStore.resources       the migrations (Migrator.bundledDirectory)
#   /usr/share/kite/web                                the phones' web app (kite-api's web_root)
#   /usr/share/kite/config -> /etc/kite                the shipped config is the admin's copy
#   /etc/kite/{kite.toml,kited.toml,kite-api.toml,damage_codes.toml,templates/*.toml,checklists/*.toml}   conffiles
#   /lib/systemd/system/{kited,kite-api}.service       ExecStart=/usr/bin/kited, /usr/bin/kite-api
#   /usr/share/doc/kite-auto/examples/haproxy.cfg      two kite-api instances behind HAProxy
#   man pages, bash/zsh/fish completions, /usr/share/doc/kite-auto/{copyright,changelog.gz}
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${BIN_DIR:-.build/release}
OUT_DIR=${OUT_DIR:-.build/deb}
DEB_COMPRESS=${DEB_COMPRESS:-xz}
DEB_SHLIBDEPS=${DEB_SHLIBDEPS:-1}
DEB_STRIP=${DEB_STRIP:-1}
ARCH=$(dpkg --print-architecture)
if [ -z "${DEB_VERSION:-}" ]; then
    if git rev-parse --short HEAD >/dev/null 2>&1; then
        DEB_VERSION="0.1.0+git$(git log -1 --format=%cd --date=format:%Y%m%d).$(git rev-parse --short=8 HEAD)"
    else
        DEB_VERSION=0.1.0
    fi
fi
PACKAGE=kite-auto
FIXED_DEPENDS="libc6, libgcc-s1, libstdc++6, libpq5, libncursesw6, libtinfo6, libhpdf-2.3.0, libcurl4, libxml2, zlib1g"

for file in kite kited kite-api KiteAuto_KiteStore.resources/Migrations; do
    [ -e "$BIN_DIR/$file" ] || { echo "build-deb: $BIN_DIR/$file is missing: build first (make release)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kite-deb.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/root
umask 022
install -d "$ROOT/DEBIAN" "$ROOT/usr/bin" "$ROOT/usr/share/kite" "$ROOT/etc/kite/templates" "$ROOT/etc/kite/checklists" \
    "$ROOT/lib/systemd/system" "$ROOT/usr/share/doc/$PACKAGE" "$ROOT/usr/share/man/man1" \
    "$ROOT/usr/share/bash-completion/completions" "$ROOT/usr/share/zsh/vendor-completions" \
    "$ROOT/usr/share/fish/vendor_completions.d" "$ROOT/usr/share/doc/$PACKAGE/examples"

# Binaries.
install -m 0755 "$BIN_DIR/kite" "$BIN_DIR/kited" "$BIN_DIR/kite-api" "$ROOT/usr/bin/"
if [ "$DEB_STRIP" = 1 ]; then
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$ROOT/usr/bin/kite" "$ROOT/usr/bin/kited" "$ROOT/usr/bin/kite-api"
fi

# Data: screens, keymaps, the migrations; the shipped config is /etc/kite.
cp -r Screens Keymaps web "$ROOT/usr/share/kite/"
cp -r "$BIN_DIR/KiteAuto_KiteStore.resources" "$ROOT/usr/share/kite/"
ln -s /etc/kite "$ROOT/usr/share/kite/config"
install -m 0644 config/kite.toml config/kited.toml config/damage_codes.toml "$ROOT/etc/kite/"
# The package serves the web app it ships.
sed -e 's#^web_root = ""#web_root = "/usr/share/kite/web"#' config/kite-api.toml > "$ROOT/etc/kite/kite-api.toml"
chmod 0644 "$ROOT/etc/kite/kite-api.toml"
install -m 0644 config/haproxy.cfg "$ROOT/usr/share/doc/$PACKAGE/examples/"
install -m 0644 config/templates/*.toml "$ROOT/etc/kite/templates/"
install -m 0644 config/checklists/*.toml "$ROOT/etc/kite/checklists/"

# The unit, pointing at the packaged binary.
sed -e 's#/usr/local/bin/kited#/usr/bin/kited#g' \
    -e 's#^\# Install: binary at .*#\# Installed by the kite-auto package: binary at /usr/bin/kited, configuration at /etc/kite/kited.toml,#' \
    -e 's#^\# a dedicated system user: .*#\# the system user kite (created on install).#' \
    config/kited.service > "$ROOT/lib/systemd/system/kited.service"
chmod 0644 "$ROOT/lib/systemd/system/kited.service"
sed -e 's#/usr/local/bin/kite-api#/usr/bin/kite-api#g' \
    -e 's#^\# Install: binary at .*#\# Installed by the kite-auto package: binary at /usr/bin/kite-api, configuration at /etc/kite/kite-api.toml,#' \
    config/kite-api.service > "$ROOT/lib/systemd/system/kite-api.service"
chmod 0644 "$ROOT/lib/systemd/system/kite-api.service"

# Completions, from swift-argument-parser.
for tool in kite kited kite-api; do
    # bash-completion sources the file: no #! line (lintian: bash-completion-with-hashbang).
    "$BIN_DIR/$tool" --generate-completion-script bash | sed '1{/^#!/d}' > "$ROOT/usr/share/bash-completion/completions/$tool"
    "$BIN_DIR/$tool" --generate-completion-script zsh > "$ROOT/usr/share/zsh/vendor-completions/_$tool"
    "$BIN_DIR/$tool" --generate-completion-script fish > "$ROOT/usr/share/fish/vendor_completions.d/$tool.fish"
done

# Man pages, from swift-argument-parser's generate-manual plugin.
if [ -z "${MAN_DIR:-}" ]; then
    MAN_DIR=$WORK/man
    scripts/gen-manpages.sh "$MAN_DIR"
fi
for page in "$MAN_DIR"/*.1; do
    gzip -9n < "$page" > "$ROOT/usr/share/man/man1/$(basename "$page").gz"
done
chmod 0644 "$ROOT"/usr/share/man/man1/*

# Documentation: copyright and changelog (a native package: changelog.gz).
install -m 0644 scripts/deb/copyright "$ROOT/usr/share/doc/$PACKAGE/copyright"
{
    echo "$PACKAGE ($DEB_VERSION) unstable; urgency=medium"
    echo
    echo "  * Built from the Kite Auto repository, commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)."
    echo "    The history of changes is the repository's log."
    echo
    echo " -- Kite Auto maintainers <maintainers@users.noreply.r-seed-6bd4e072.example>  $(LC_ALL=C date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")"
} | gzip -9n > "$ROOT/usr/share/doc/$PACKAGE/changelog.gz"
chmod 0644 "$ROOT/usr/share/doc/$PACKAGE/changelog.gz"

# Control files.
(cd "$ROOT" && find etc -type f | LC_ALL=C sort | sed 's#^#/#') > "$ROOT/DEBIAN/conffiles"
install -m 0755 scripts/deb/postinst scripts/deb/prerm scripts/deb/postrm "$ROOT/DEBIAN/"
if [ "$DEB_SHLIBDEPS" = 1 ]; then
    mkdir -p "$WORK/src/debian"
    printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$PACKAGE" "$PACKAGE" > "$WORK/src/debian/control"
    SHLIBS=$(cd "$WORK/src" && dpkg-shlibdeps -O "$ROOT/usr/bin/kite" "$ROOT/usr/bin/kited" "$ROOT/usr/bin/kite-api" | sed -n 's/^shlibs:Depends=//p')
    DEPENDS="adduser, $SHLIBS"
else
    DEPENDS="adduser, $FIXED_DEPENDS"
fi
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
sed -e "s/@VERSION@/$DEB_VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" -e "s/@DEPENDS@/$DEPENDS/" \
    scripts/deb/control.in > "$ROOT/DEBIAN/control"
(cd "$ROOT" && find usr lib -type f -print0 | sort -z | xargs -0 md5sum) > "$ROOT/DEBIAN/md5sums"
chmod 0644 "$ROOT/DEBIAN/control" "$ROOT/DEBIAN/conffiles" "$ROOT/DEBIAN/md5sums"

mkdir -p "$OUT_DIR"
DEB="$OUT_DIR/${PACKAGE}_${DEB_VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"$DEB_COMPRESS" --build "$ROOT" "$DEB" >/dev/null
echo "$DEB"
