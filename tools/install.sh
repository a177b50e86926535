#!/usr/bin/env bash
# Install mmcontinuity and its pinned OpenMMLab stack into the active Python.
#
# Idempotent: every step checks what is already satisfied and skips it, so a
# second run on the same machine takes seconds. The slow step of a fresh
# install is building mmcv 2.1.0 with its compiled ops (about 8 minutes on
# 2 cores); the built wheel is cached outside the clone, keyed by the
# torch version and the Python tag:
#     ${MMCONTINUITY_CACHE:-~/.cache/mmcontinuity}/wheels/torch-<ver>-<pytag>/
# Before building, the script also looks for a ready wheel in
#     $MMCV_WHEEL_DIR (if set) and ../shared/wheels/ (next to the clone).
#
# Environment:
#     PYTHON               interpreter to install into (default: python)
#     MMCONTINUITY_CACHE   cache directory (default: ~/.cache/mmcontinuity)
#     MMCV_WHEEL_DIR       extra directory holding an mmcv 2.1.0 wheel
#     MMCV_NO_PREBUILT=1   ignore MMCV_WHEEL_DIR and shared/ wheels (force the
#                          local cache or a build from source)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python}"
CACHE="${MMCONTINUITY_CACHE:-$HOME/.cache/mmcontinuity}"
MMCV_VERSION=2.1.0
PIP=("$PY" -m pip --disable-pip-version-check)
T0=$(date +%s)

step() { printf '\n[install %4ds] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# True when every requirement of the given files is installed at a matching version.
satisfied() {
    "$PY" - "$@" <<'PYEOF'
import sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:  # a bare interpreter: use the copy vendored in pip
    from pip._vendor.packaging.requirements import Requirement
for path in sys.argv[1:]:
    for line in open(path):
        line = line.split('#')[0].strip()
        if not line:
            continue
        req = Requirement(line)
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(1)
        if not req.specifier.contains(version, prereleases=True):
            sys.exit(1)
PYEOF
}

pip_install_reqs() {
    if satisfied "$@" 2>/dev/null; then
        echo "already satisfied: $*"
    else
        local args=()
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
try_wheel() {  # install the first matching wheel of a directory, keep it if it works
    local dir="$1" whl
    [ -d "$dir" ] || return 1
    whl=$(ls "$dir"/mmcv-"$MMCV_VERSION"-"$PYTAG"-*.whl 2>/dev/null | head -n 1) || true
    [ -n "$whl" ] || return 1
    echo "trying $whl"
    "${PIP[@]}" install --no-deps --force-reinstall "$whl" >/dev/null && mmcv_ok && USED_WHEEL="$whl"
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
    echo "building mmcv $MMCV_VERSION from source (about 8 minutes on 2 cores)"
    BUILD=$(mktemp -d)
    trap 'rm -rf "$BUILD"' EXIT
    # mmcv's setup.py imports pkg_resources, so it needs setuptools<70, while
    # torch 2.14 declares setuptools>=77: build in a throw-away venv that sees the
    # installed torch (--system-site-packages) but has its own old setuptools.
    "$PY" -m venv --system-site-packages "$BUILD/venv"
    BPIP=("$BUILD/venv/bin/python" -m pip --disable-pip-version-check)
    "${BPIP[@]}" install -q -r "$ROOT/requirements/build.txt"
    "${BPIP[@]}" download --no-deps --no-binary :all: --no-build-isolation \
        -d "$BUILD" "mmcv==$MMCV_VERSION"
    tar -xzf "$BUILD"/mmcv-"$MMCV_VERSION".tar.gz -C "$BUILD"
    SRC="$BUILD/mmcv-$MMCV_VERSION"
    # torch >= 2.10 headers refuse anything older than C++20 ("C++20 or later
    # compatible compiler is required to use ATen"); mmcv 2.1.0 passes -std=c++17.
    sed -i 's/-std=c++17/-std=c++20/g' "$SRC/setup.py"
    ( cd "$SRC" && MMCV_WITH_OPS=1 FORCE_CUDA=0 MAX_JOBS="${MAX_JOBS:-$(nproc)}" \
        "${BPIP[@]}" wheel --no-deps --no-build-isolation -w "$WHEEL_CACHE" . )
    try_wheel "$WHEEL_CACHE" || { echo "mmcv wheel was built but does not load" >&2; exit 1; }
fi

# ---------------------------------------------------------------- 3. OpenMMLab
step "3/5 mmengine, mmdet, mmaction2, mmsegmentation, mmpretrain"
pip_install_reqs "$ROOT/requirements/mminstall.txt" "$ROOT/requirements/runtime.txt" \
    "$ROOT/requirements/tests.txt"
# opencv-python (from mmengine) and opencv-contrib-python (from mmaction2) both
# install the `cv2` package; the last one installed wins. TV-L1 optical flow
# needs contrib's cv2.optflow, so make sure contrib's files are the ones in place.
if ! "$PY" -c 'import cv2; cv2.optflow.DualTVL1OpticalFlow_create' 2>/dev/null; then
    echo "restoring opencv-contrib-python's cv2 (cv2.optflow missing)"
    "${PIP[@]}" install --no-deps --force-reinstall \
        "$(grep -E '^opencv-contrib-python' "$ROOT/requirements/runtime.txt")"
fi
mmcv_ok || { echo "mmcv lost its compiled ops after step 3" >&2; exit 1; }

# ---------------------------------------------------------------- 4. package
step "4/5 mmcontinuity (editable)"
if (cd / && "$PY" - "$ROOT" <<'PYEOF' 2>/dev/null
import sys, os, mmcontinuity
assert os.path.realpath(os.path.dirname(mmcontinuity.__file__)) == \
    os.path.realpath(os.path.join(sys.argv[1], 'mmcontinuity'))
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
