#!/usr/bin/env bash
# Reproducible builds and the shape of what would be published.
#
# Copies the work tree (tracked and untracked files, no target/) twice, to two different paths, and
# builds the published artifacts in each, from empty target directories:
#   1. mvn -o -q -DskipTests package -pl core,redis,servlet,spring-starter,spring-boot-starter,test-support
#      (the main jars, and core's and servlet's test jars, as every build makes them)
#   2. the release build without signing or upload: mvn -q -Drelease package
#      (main, sources and Javadoc jars, and the CycloneDX SBOMs; the release profile skips tests)
# then compares the SHA-256 of every artifact of copy A with copy B, and checks that the main jar of
# build 1 is the one build 2 would deploy. On a difference it names the entries that differ.
#
# It also checks what the release would publish: each main jar names its Automatic-Module-Name and
# carries LICENSE and NOTICE, the release build attaches no test jar, and bulwark-bom manages every
# published artifact at the parent's version.
#
# Usage: .ci/reproducible.sh [--online]
#   Offline by default (-o). The CycloneDX plugin runs only online (it skips itself with -o), so the
#   SBOMs are built and compared only with --online, which CI passes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

offline=(-o)
if [[ "${1:-}" == "--online" ]]; then offline=(); fi

published=(core redis servlet spring-starter spring-boot-starter test-support)
declare -A module_name=([core]=dev.bulwark.core [redis]=dev.bulwark.redis [servlet]=dev.bulwark.servlet
  [spring-starter]=dev.bulwark.spring [spring-boot-starter]=dev.bulwark.spring.starter
  [test-support]=dev.bulwark.test)

work="$(mktemp -d /tmp/bulwark-repro.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

copy_tree() { # copy_tree DEST: the work tree as it is, without build output
  mkdir -p "$1"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard \
    | tar --null -T - --ignore-failed-read -cf - 2> /dev/null) | tar -xf - -C "$1"
}

artifacts() { # artifacts DIR: the published artifacts under DIR's target directories
  (cd "$1" && find . -maxdepth 3 -path '*/target/*' \( -name '*.jar' -o -name '*-cyclonedx.json' \) | sort)
}

checksums() { # checksums DIR OUT
  (cd "$1" && artifacts . | xargs -r sha256sum) > "$2"
}

explain() { # explain FILE_A FILE_B: which entries of two jars differ
  python3 - "$1" "$2" <<'PY'
import sys, zipfile, hashlib
def entries(p):
    with zipfile.ZipFile(p) as z:
        return {i.filename: (hashlib.sha256(z.read(i)).hexdigest(), i.date_time) for i in z.infolist()}
try:
    a, b = entries(sys.argv[1]), entries(sys.argv[2])
except zipfile.BadZipFile:
    sys.exit(0)
for name in sorted(set(a) | set(b)):
    if a.get(name) != b.get(name):
        print("      differs:", name, a.get(name, "(missing)")[1:], b.get(name, "(missing)")[1:])
PY
}

compare() { # compare LABEL SUMS_A SUMS_B
  local label="$1" same=0 differ=0
  while read -r sum path; do
    other="$(awk -v p="$path" '$2 == p {print $1}' "$3")"
    if [[ -z "$other" ]]; then
      fail "$label: $path only in the first build"
    elif [[ "$other" == "$sum" ]]; then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      fail "$label: $path differs"
      explain "$work/a/$path" "$work/b/$path"
    fi
  done < "$2"
  echo "$label: $same identical, $differ different"
}

for copy in a b; do
  copy_tree "$work/$copy"
  echo "build $copy: mvn ${offline[*]} -q -DskipTests package -pl $(IFS=,; echo "${published[*]}")"
  (cd "$work/$copy" && mvn -B "${offline[@]}" -q -DskipTests package -pl "$(IFS=,; echo "${published[*]}")")
  checksums "$work/$copy" "$work/package-$copy.sha256"
  find "$work/$copy" -name target -type d -prune -exec rm -rf {} +
  echo "build $copy: mvn ${offline[*]} -q -Drelease package"
  (cd "$work/$copy" && mvn -B "${offline[@]}" -q -Drelease package)
  checksums "$work/$copy" "$work/release-$copy.sha256"
done

echo
compare "package (-DskipTests)" "$work/package-a.sha256" "$work/package-b.sha256"
compare "release (-Drelease)" "$work/release-a.sha256" "$work/release-b.sha256"

# The jar CI tests is the jar the release deploys.
while read -r sum path; do
  [[ "$path" == *-tests.jar ]] && continue
  other="$(awk -v p="$path" '$2 == p {print $1}' "$work/release-a.sha256")"
  [[ "$other" == "$sum" ]] || fail "$path: the release build's differs from the ordinary build's"
done < "$work/package-a.sha256"

# What the release would publish.
version="$(cd "$work/a" && sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)"
for m in "${published[@]}"; do
  jar="$(ls "$work/a/$m"/target/*-"$version".jar)"
  name="$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')"
  [[ "$name" == "${module_name[$m]}" ]] || fail "$jar: Automatic-Module-Name '$name', expected ${module_name[$m]}"
  for f in META-INF/LICENSE META-INF/NOTICE; do
    unzip -l "$jar" "$f" > /dev/null || fail "$jar: no $f"
  done
  for classifier in sources javadoc; do
    [[ -f "${jar%.jar}-$classifier.jar" ]] || fail "$m: no $classifier jar in the release build"
  done
  if ((${#offline[@]} == 0)); then
    [[ -f "${jar%.jar}-cyclonedx.json" ]] || fail "$m: no SBOM in the release build"
  fi
done
if grep -q -- '-tests\.jar' "$work/release-a.sha256"; then
  fail "the release build made a test jar: $(grep -- '-tests\.jar' "$work/release-a.sha256" | awk '{print $2}')"
fi
bom_version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$work/a/bom/pom.xml")"
[[ "$bom_version" == "$version" ]] || fail "bulwark-bom is at $bom_version, the parent at $version"
for m in "${published[@]}"; do
  artifact="$(awk '/<\/parent>/ {p = 1; next} p && /<artifactId>/ {gsub(/.*<artifactId>|<\/artifactId>.*/, ""); print; exit}' "$work/a/$m/pom.xml")"
  grep -q "<artifactId>$artifact</artifactId>" "$work/a/bom/pom.xml" || fail "bulwark-bom does not manage $artifact"
done
if ((${#offline[@]})); then echo "SBOMs: not built offline (the CycloneDX plugin requires online mode); run with --online"; fi

echo
if ((failures)); then
  echo "reproducible: $failures failure(s)"
  exit 1
fi
echo "reproducible: every artifact identical in both builds; release shape checked"
