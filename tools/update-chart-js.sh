#!/usr/bin/env bash
# Fetches Chart.js's minified UMD build and licence from npm into src/Egress.Web/Assets/vendor/chart.js/ and
# records the package's version, npm shasum and integrity, and the file's SHA-256 in the README there.
#   tools/update-chart-js.sh            # the version pinned below
#   tools/update-chart-js.sh 4.4.10     # another version (check the page and its browser test afterwards)
set -euo pipefail
version="${1:-4.4.9}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/Egress.Web/Assets/vendor/chart.js"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
tarball="$(npm pack "chart.js@$version" --silent)"
shasum="$(npm view "chart.js@$version" dist.shasum)"
integrity="$(npm view "chart.js@$version" dist.integrity)"
# npm's shasum is the tarball's SHA-1: check it before using anything in it.
[ "$(sha1sum "$tarball" | cut -d' ' -f1)" = "$shasum" ] || { echo "the tarball's SHA-1 is not npm's $shasum" >&2; exit 1; }
tar xzf "$tarball"
cp package/dist/chart.umd.js "$dest/chart.umd.js"
cp package/LICENSE.md "$dest/LICENSE.md"
bytes="$(wc -c < "$dest/chart.umd.js" | tr -d ' ')"
sha256="$(sha256sum "$dest/chart.umd.js" | cut -d' ' -f1)"
sed -i -e "s#^| version | .*#| version | $version |#" \
       -e "s#^| tarball | .*#| tarball | \`chart.js-$version.tgz\`, npm shasum (SHA-1) \`$shasum\` |#" \
       -e "s#^| npm integrity | .*#| npm integrity | \`$integrity\` |#" \
       -e "s#^| file | .*#| file | \`package/dist/chart.umd.js\`, unchanged ($(printf "%'d" "$bytes") bytes) |#" \
       -e "s#^| SHA-256 of the file | .*#| SHA-256 of the file | \`$sha256\` |#" "$dest/README.md"
echo "chart.js $version → $dest/chart.umd.js ($bytes bytes, sha256 $sha256)"
