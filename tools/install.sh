#!/usr/bin/env bash
# Install mmcontinuity and its OpenMMLab stack into the active Python, at the
# exact versions of requirements/constraints.txt (the tested stack; the
# package itself declares compatible ranges, see setup.py).
#
# Idempotent: every step checks what is already satisfied and skips it, so a
# second run on the same machine takes seconds. The slow step of a fresh
# install is building mmcv with its compiled ops (see the README for the
# time); the built wheel is cached outside the clone, keyed by the torch
# version and the Python tag:
#     ${MMCONTINUITY_CACHE:-~/.cache/mmcontinuity}/wheels/torch-<ver>-<pytag>/
# Before building, the script also looks for a ready wheel in
#     $MMCV_WHEEL_DIR (if set) and ../shared/wheels/ (next to the clone).
# A wheel without mmcv's compiled ops (no mmcv/_ext*.so) is never installed
# and never cached.
#
# Usage:
#     bash tools/install.sh                  install into $PYTHON
#     bash tools/install.sh --build-env DIR  only create mmcv's build
#                                            environment in DIR (a venv that
#                                            sees $PYTHON's packages) and exit
#
# Environment:
#     PYTHON               interpreter to install into (default: python)
#     MMCONTINUITY_CACHE   cache directory (default: ~/.cache/mmcontinuity)
#     MMCV_WHEEL_DIR       extra directory holding an mmcv wheel
#     MMCV_NO_PREBUILT=1   ignore MMCV_WHEEL_DIR and shared/ wheels (force the
#                          local cache or a build from source)
#     MAX_JOBS             parallel compile jobs of the mmcv build (default:
#                          the number of cores)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python}"
CACHE="${MMCONTINUITY_CACHE:-$HOME/.cache/mmcontinuity}"
CONSTRAINTS="$ROOT/requirements/constraints.txt"
MMCV_VERSION=$(sed -n 's/^mmcv==\([^ #]*\).*/\1/p' "$CONSTRAINTS")
PIP=("$PY" -m pip --disable-pip-version-check)
T0=$(date +%s)

step() { printf '\n[install %4ds] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# mmcv's build environment: a throw-away venv with its own old setuptools
# (mmcv's setup.py imports pkg_resources, see requirements/build.txt) first on
# sys.path, then every site directory of the target interpreter, through a
# .pth file, so that the build sees the target's torch. (`-m venv
# --system-site-packages` does not do that when $PYTHON is itself a venv: the
# new venv would see the *base* interpreter's site-packages, torch missing,
# and mmcv's setup.py would silently build a wheel without its ops.)
make_build_env() {
    local dir="$1" site
    "$PY" -m venv "$dir"
    site=$("$dir/bin/python" -c \
        'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    "$PY" - > "$site/mmcontinuity-target-site.pth" <<'PYEOF'
import site
dirs = site.getsitepackages()
if site.ENABLE_USER_SITE:
    dirs.append(site.getusersitepackages())
print('\n'.join(dirs))
PYEOF
}

if [ "${1:-}" = --build-env ]; then
    make_build_env "$2"
    exit 0
fi

# True when every requirement of the given files is installed at a version
# that matches both the file and the pin of requirements/constraints.txt.
satisfied() {
    "$PY" - "$CONSTRAINTS" "$@" <<'PYEOF'
import sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:  # a bare interpreter: use the copy vendored in pip
    from pip._vendor.packaging.requirements import Requirement


def requirements(path):
    for line in open(path):
        line = line.split('#')[0].strip()
        if line:
            yield Requirement(line)


pins = {req.name.lower(): req.specifier
        for req in requirements(sys.argv[1])}
for path in sys.argv[2:]:
    for req in requirements(path):
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(1)
        for spec in (req.specifier, pins.get(req.name.lower())):
            if spec is not None and not spec.contains(version,
                                                      prereleases=True):
                sys.exit(1)
PYEOF
}

pip_install_reqs() {
    if satisfied "$@" 2>/dev/null; then
        echo "already satisfied: $*"
    else
        local args=(-c "$CONSTRAINTS")
        for f in "$@"; do args+=(-r "$f"); done
        "${PIP[@]}" install "${args[@]}"
    fi
}

mmcv_ok() {
    "$PY" - <<PYEOF 2>/dev/null
from importlib import metadata
assert metadata.version('mmcv') == '$MMCV_VERSION'
import mmcv.ops  # the compiled extension must load against this torch
from mmcv.ops import nms  # noqa: F401
PYEOF
}

# True when a wheel holds mmcv's compiled ops (mmcv/_ext*.so).
has_ops() {
    "$PY" - "$1" <<'PYEOF'
import fnmatch
import sys
import zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
sys.exit(not any(fnmatch.fnmatch(n, 'mmcv/_ext*.so') for n in names))
PYEOF
}

# ---------------------------------------------------------------- 1. torch
step "1/5 torch + torchvision"
"$PY" -m pip --version >/dev/null
pip_install_reqs "$ROOT/requirements/torch.txt"

TORCH_VER=$("$PY" -c 'import torch; print(torch.__version__.split("+")[0])')
PYTAG=$("$PY" -c 'import sys; print(f"cp{sys.version_info[0]}{sys.version_info[1]}")')
WHEEL_CACHE="$CACHE/wheels/torch-$TORCH_VER-$PYTAG"
mkdir -p "$WHEEL_CACHE"

# ---------------------------------------------------------------- 2. mmcv
step "2/5 mmcv $MMCV_VERSION with compiled ops (torch $TORCH_VER, $PYTAG)"
# mmcv imports mmengine (which brings mmcv's other runtime dependencies); the
# mmcv wheel itself is installed without dependencies.
MMENGINE_REQ=$(mktemp)
grep -E '^mmengine' "$ROOT/requirements/mminstall.txt" > "$MMENGINE_REQ"
pip_install_reqs "$MMENGINE_REQ"
rm -f "$MMENGINE_REQ"
USED_WHEEL=
try_wheel() {  # install the first wheel of a directory that has ops and loads
    local dir="$1" whl
    [ -d "$dir" ] || return 1
    for whl in "$dir"/mmcv-"$MMCV_VERSION"-"$PYTAG"-*.whl; do
        [ -f "$whl" ] || continue
        if ! has_ops "$whl"; then
            echo "skipping $whl: it has no compiled ops (no mmcv/_ext*.so)"
            continue
        fi
        echo "trying $whl"
        if "${PIP[@]}" install --no-deps --force-reinstall "$whl" >/dev/null \
            && mmcv_ok; then
            USED_WHEEL="$whl"
            return 0
        fi
    done
    return 1
}

if mmcv_ok; then
    echo "mmcv $MMCV_VERSION with ops already installed"
elif try_wheel "$WHEEL_CACHE"; then
    echo "installed from the local cache $WHEEL_CACHE"
elif [ -z "${MMCV_NO_PREBUILT:-}" ] && \
     { { [ -n "${MMCV_WHEEL_DIR:-}" ] && try_wheel "$MMCV_WHEEL_DIR"; } || \
       try_wheel "$ROOT/../shared/wheels"; }; then
    echo "installed a prebuilt wheel"
    # the prebuilt wheel loads against this torch: keep a copy in the keyed cache
    cp -n "$USED_WHEEL" "$WHEEL_CACHE/"
else
    echo "building mmcv $MMCV_VERSION from source (see the README for the time)"
    BUILD=$(mktemp -d)
    trap 'rm -rf "$BUILD"' EXIT
    make_build_env "$BUILD/venv"
    BPY="$BUILD/venv/bin/python"
    BPIP=("$BPY" -m pip --disable-pip-version-check)
    "$BPY" -c 'import torch' || {
        echo "the build environment does not see torch; mmcv would be" \
             "built without its ops" >&2; exit 1; }
    "${BPIP[@]}" install -q -r "$ROOT/requirements/build.txt"
    "${BPIP[@]}" download --no-deps --no-binary :all: --no-build-isolation \
        -d "$BUILD" "mmcv==$MMCV_VERSION"
    tar -xzf "$BUILD"/mmcv-"$MMCV_VERSION".tar.gz -C "$BUILD"
    SRC="$BUILD/mmcv-$MMCV_VERSION"
    # torch >= 2.10 headers refuse anything older than C++20 ("C++20 or later
    # compatible compiler is required to use ATen"); mmcv 2.1.0 passes -std=c++17.
    sed -i 's/-std=c++17/-std=c++20/g' "$SRC/setup.py"
    # --no-cache-dir: pip would keep its own copy of whatever was built.
    ( cd "$SRC" && MMCV_WITH_OPS=1 FORCE_CUDA=0 MAX_JOBS="${MAX_JOBS:-$(nproc)}" \
        "${BPIP[@]}" wheel --no-deps --no-build-isolation --no-cache-dir \
        -w "$BUILD/dist" . )
    for whl in "$BUILD"/dist/mmcv-*.whl; do
        if ! has_ops "$whl"; then
            echo "refusing $(basename "$whl"): it has no compiled ops (no" \
                 "mmcv/_ext*.so). mmcv's setup.py skips them without a" \
                 "message when torch is not importable or MMCV_WITH_OPS is" \
                 "unset in the build; the wheel is not cached." >&2
            exit 1
        fi
        cp "$whl" "$WHEEL_CACHE/"
    done
    try_wheel "$WHEEL_CACHE" || {
        echo "the mmcv wheel built in $WHEEL_CACHE has its ops but does not" \
             "load against torch $TORCH_VER (see the error of" \
             "'$PY -c \"import mmcv.ops\"')" >&2; exit 1; }
fi

# ---------------------------------------------------------------- 3. OpenMMLab
step "3/5 mmengine, mmdet, mmaction2, mmsegmentation, mmpretrain"
pip_install_reqs "$ROOT/requirements/mminstall.txt" "$ROOT/requirements/runtime.txt" \
    "$ROOT/requirements/tests.txt"
# opencv-python (required by mmengine) and opencv-contrib-python (ours) both
# install the `cv2` package; the last one installed wins. TV-L1 optical flow
# needs contrib's cv2.optflow, so make sure contrib's files are the ones in place.
if ! "$PY" -c 'import cv2; cv2.optflow.DualTVL1OpticalFlow_create' 2>/dev/null; then
    echo "restoring opencv-contrib-python's cv2 (cv2.optflow missing)"
    "${PIP[@]}" install --no-deps --force-reinstall -c "$CONSTRAINTS" \
        opencv-contrib-python
fi
mmcv_ok || { echo "mmcv lost its compiled ops after step 3" >&2; exit 1; }

# ---------------------------------------------------------------- 4. package
step "4/5 mmcontinuity (editable)"
if (cd / && "$PY" - "$ROOT" <<'PYEOF' 2>/dev/null
import sys, os, mmcontinuity
package = os.path.join(sys.argv[1], 'mmcontinuity')
assert os.path.realpath(os.path.dirname(mmcontinuity.__file__)) == \
    os.path.realpath(package)
# configs linked for `mmcontinuity::` bases (an install by setup.py of now)
assert os.path.isdir(os.path.join(package, '.mim', 'configs'))
PYEOF
)
then
    echo "mmcontinuity already installed from $ROOT"
else
    "${PIP[@]}" install --no-deps --no-build-isolation -e "$ROOT"
fi

# ---------------------------------------------------------------- 5. check
step "5/5 check"
"$PY" - <<'PYEOF'
import mmcontinuity  # noqa: F401  (applies the compatibility layer)
import mmaction.models, mmseg.models, mmpretrain.models, mmdet.models  # noqa
import torch, mmcv, mmengine, mmdet, mmaction, mmseg, mmpretrain
print('torch', torch.__version__, '| mmcv', mmcv.__version__, '| mmengine',
      mmengine.__version__, '| mmdet', mmdet.__version__, '| mmaction2',
      mmaction.__version__, '| mmseg', mmseg.__version__, '| mmpretrain',
      mmpretrain.__version__)
PYEOF
step "done"
