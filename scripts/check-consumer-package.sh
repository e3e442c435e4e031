#!/usr/bin/env bash
# Checks that another package can depend on Wick by URL and version, as a user would:
#
#     .package(url: "<a git URL of Wick>", from: "<VERSION>")
#     .product(name: "Wick", package: "wick")
#
# SwiftPM treats such a dependency as remote and refuses things it allows in a root package or a
# local path dependency (unsafe build flags, for one), so a local `swift build` cannot show them.
#
# What is tested is Wick's working tree as it is now, uncommitted changes included: the tracked
# and untracked (not ignored) files are copied into a fresh git repository, committed there,
# tagged with the version in VERSION, and cloned bare; a scratch package depends on that bare clone through a file://
# URL with `from: "<VERSION>"`, builds (fetching Wick's own dependencies as for any user), runs one
# line of Wick, and its output is checked, as is that nothing of WickDistributed (which needs
# MPI) was built. Nothing in the working tree or its git repository is touched. (Testing HEAD
# instead would miss the very change being checked before it is committed.)
#
# Usage: scripts/check-consumer-package.sh [WICK_DIRECTORY]
#   WICK_DIRECTORY  the Wick sources to test (default: this script's repository); a directory
#                   that is not a git work tree is copied whole, without .build* and .swiftpm.
# Environment: SWIFT (default swift), JOBS (default 2), KEEP_TEMP=1 keeps the scratch folder.
set -euo pipefail

SWIFT=${SWIFT:-swift}
JOBS=${JOBS:-2}
source_dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/wick-consumer.XXXXXX")
if [ "${KEEP_TEMP:-0}" = 1 ]; then
    echo "check-consumer: keeping $scratch"
else
    # SwiftPM also leaves empty lock files named after the package's path in the temp folder.
    trap 'rm -rf "$scratch" "${TMPDIR:-/tmp}/$(printf %s "$scratch" | tr / _)"_*' EXIT
fi

echo "check-consumer: Wick from $source_dir"

# The version the README tells users to depend on (VERSION, also the release's git tag).
version=$(tr -d '[:space:]' < "$source_dir/VERSION")

# 1. The working tree, committed in a repository of its own and tagged $version, then cloned bare.
mkdir "$scratch/src"
if git -C "$source_dir" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked files that git does not ignore, and that exist (not deleted).
    (cd "$source_dir" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
        tar --null -T - -cf -) | tar -xf - -C "$scratch/src"
else
    (cd "$source_dir" && tar --exclude='.build*' --exclude='.swiftpm' --exclude='Package.resolved' -cf - .) |
        tar -xf - -C "$scratch/src"
fi
git -C "$scratch/src" init -q
git -C "$scratch/src" add -A
git -C "$scratch/src" -c user.name=check-consumer -c user.email=check-consumer@localhost \
    commit -q -m "Wick's working tree, for the consumer-package check"
git -C "$scratch/src" tag "$version"
git clone -q --bare "$scratch/src" "$scratch/wick.git"

# 2. A package that depends on it by URL and version. SwiftPM names the dependency after the
# URL's last path component without ".git", lowercased: "wick".
mkdir -p "$scratch/consumer/Sources/consumer"
cat > "$scratch/consumer/Package.swift" <<EOF
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "consumer",
    dependencies: [
        .package(url: "file://$scratch/wick.git", from: "$version"),
    ],
    targets: [
        .executableTarget(name: "consumer", dependencies: [.product(name: "Wick", package: "wick")]),
    ]
)
EOF
cat > "$scratch/consumer/Sources/consumer/main.swift" <<'EOF'
import Wick

// A linear layer with known weights on one sample: 0.5·2 − 0.25·4 + 1 = 1.
let layer = Linear<Double>(2, 1)
layer.weight = Tensor([[0.5, -0.25]])
layer.bias = Tensor([1])
print("forward:", layer.forward(Tensor<Double>([2, 4])).scalars)
// A product through Wick's GEMM front end: [[1, 2], [3, 4]] · [[1], [1]].
print("matmul:", matmul(Tensor<Float>([[1, 2], [3, 4]]), Tensor<Float>([[1], [1]])).scalars)
EOF

# 3. Resolve, build and run it.
cd "$scratch/consumer"
if ! "$SWIFT" build -j "$JOBS" >"$scratch/build.log" 2>&1; then
    echo "check-consumer: FAILED: the consumer package did not resolve or build; the end of its log:"
    tail -n 30 "$scratch/build.log"
    exit 1
fi
# A package that uses only Wick must not build the MPI product (which needs Open MPI's headers):
# SwiftPM builds only the products of a dependency that something uses.
built_mpi=$(find .build -name '*.o' \( -path '*WickDistributed.build/*' -o -path '*CMPI*' \) | head -n 3)
if [ -n "$built_mpi" ]; then
    echo "check-consumer: FAILED: a package that uses only Wick built WickDistributed (MPI):"
    echo "$built_mpi"
    exit 1
fi
output=$("$SWIFT" run --skip-build consumer 2>&1)
expected=$'forward: [1.0]\nmatmul: [3.0, 7.0]'
if [ "$output" != "$expected" ]; then
    echo "check-consumer: FAILED: the consumer printed"
    echo "$output"
    echo "check-consumer: expected"
    echo "$expected"
    exit 1
fi
echo "$output"
resolved=$(sed -n '/"identity" : "wick"/,/}/p' Package.resolved | sed -n 's/.*"version" : "\(.*\)".*/\1/p' | head -n 1)
echo "check-consumer: passed (Wick resolved by URL at ${resolved:-an unknown version})"
