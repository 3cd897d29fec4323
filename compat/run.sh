#!/usr/bin/env bash
# Bulwark's compatibility harness: builds an application bare and with the starter added, walks its
# pages in headless Chromium per variant and writes Markdown and JSON reports.
#
#   compat/run.sh /path/to/checkout [options] [bare] [default] [observe] [enforce=FILE] [NAME:on|off[:FILE]]
#
# The starter is taken from the local Maven repository (~/.m2): install Bulwark first
# (mvn -B -q -DskipTests install from the repository root). Options: compat/run.sh --help.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
# Compile the harness only (no Bulwark module is needed on its class path) and keep its class path.
mvn -B -q -Dstyle.color=never ${COMPAT_MVN_OFFLINE:+-o} -pl compat -DskipTests compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >/dev/null
export SE_OFFLINE=true   # never let Selenium Manager download a driver: the given binaries only
exec java -cp "compat/target/classes:$(cat compat/target/classpath.txt)" dev.bulwark.compat.Main \
  --variants-dir "$here/variants" "$@"
