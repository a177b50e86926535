"""TubeR demo: detect action tubes in a video and draw them.

VIDEO is a video file (anything OpenCV reads) or a folder of frames (image
files, in sorted name order). The video is tiled into clips as the config's
test set does, every clip goes through the test pipeline after its loading
step and the model, and the tubelets are stitched into tubes with the
linking arguments of the config's ``TubeletVideoMAP``, then thinned by its
tube NMS if it has one (``tube_nms_thr``; ``tube_nms_class_agnostic=True``
keeps one tube per actor and time span, whatever the class; both can be set
with ``--cfg-options test_evaluator.tube_nms_thr=0.3
test_evaluator.tube_nms_class_agnostic=True``). Each tube is drawn in
its own colour with "class score"; ``--show-gt`` adds the ground truth
(white dashed boxes) when VIDEO's name is a video of the config's ACT
ground-truth pickle. Models that take RGB + flow (a test pipeline with
``LoadFlowFrames``) get the flow of ``--flow-dir`` (read by the config's
``LoadFlowFrames``, e.g. the benchmark's ``flow/<video>`` folder or the output
of ``tools/data/extract_flow.py``), or flow computed here from the frames
with ``--flow-method`` and quantised with ``--flow-bound`` (the defaults of
``extract_flow.py``). Writes a GIF or an MP4 (by ``--out``'s extension) and a
JSON of the tubes::

    {"video": str, "num_frames": int, "frame_size": [h, w],
     "classes": [str, ...],
     "tubes": [{"id": int, "label": int, "label_name": str, "score": float,
                "frames": [int, ...] (1-based),
                "boxes": [[x1, y1, x2, y2], ...] (pixels)}, ...]}

Example::

    python tools/demo/tuber_demo.py \\
        data/continuity_bench/tubelets/rawframes/test_0000 \\
        configs/tuber/tuber_r3d18-tiny_1xb2-8x1x1-3e_continuity-bench-tubelets-rgb.py\\
        work_dirs/tuber_demo/epoch_12.pth --out outputs/tuber_demo.gif
"""
import argparse
import json
import os
import os.path as osp

import cv2
import numpy as np
from mmengine.config import DictAction
from tqdm import tqdm

import mmcontinuity  # noqa: F401  (registers the modules; before mmaction)
from mmaction.registry import TRANSFORMS
from mmcontinuity.apis import (dataset_classes, flow_loading,
                               inference_settings, inference_tuber, init_tuber)
from mmcontinuity.datasets.flow_io import DEFAULT_BOUND, quantize_flow
from mmcontinuity.datasets.optical_flow import METHODS, video_flows
from mmcontinuity.evaluation.functional import act_gt_tubes
from mmcontinuity.utils.annotations import load_act_gt
from mmcontinuity.visualization import VIDEO_FORMATS, draw_tubes, write_video

IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp')


def parse_args():
    parser = argparse.ArgumentParser(
        description='Detect and draw TubeR action tubes in a video')
    parser.add_argument('video', help='video file or folder of frames')
    parser.add_argument('config', help='TubeR config file')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', required=True,
                        help=f'output video, extension one of '
                        f'{sorted(VIDEO_FORMATS)}')
    parser.add_argument('--json', help='output JSON of the tubes (default: '
                        '--out with the extension .json)')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='draw tubes whose score is >= this')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--fps', type=float, default=8.0,
                        help='frame rate of the output video')
    parser.add_argument('--scale', type=float,
                        help='resize factor of the output frames (default: '
                        'an integer bringing the short side near 300 px)')
    parser.add_argument('--batch-size', type=int, default=8,
                        help='clips per forward pass')
    parser.add_argument('--show-gt', action='store_true',
                        help="draw the ground truth of the config's ACT "
                        'pickle (the video name must be one of its videos)')
    parser.add_argument('--flow-dir',
                        help='flow frames of the video, for RGB + flow '
                        "models (read by the config's LoadFlowFrames)")
    parser.add_argument('--flow-method', choices=METHODS, default='tvl1',
                        help='flow computed from the frames when an RGB + '
                        'flow model gets no --flow-dir')
    parser.add_argument('--flow-bound', type=float, default=DEFAULT_BOUND,
                        help='quantisation bound (pixels) of computed flow')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def read_video(path):
    """RGB uint8 (H, W, 3) frames of a video file or a frame folder."""
    if osp.isdir(path):
        files = sorted(f for f in os.listdir(path)
                       if f.lower().endswith(IMG_EXTENSIONS))
        if not files:
            raise ValueError(f'{path} holds no image files '
                             f'({", ".join(IMG_EXTENSIONS)})')
        frames = []
        for name in tqdm(files, desc='reading', unit='frame'):
            img = cv2.imread(osp.join(path, name), cv2.IMREAD_COLOR)
            if img is None:
                raise ValueError(f'{osp.join(path, name)} is not a readable '
                                 'image')
            frames.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        sizes = {f.shape for f in frames}
        if len(sizes) != 1:
            raise ValueError(f'the frames of {path} differ in size: '
                             f'{sorted(sizes)}')
        return frames
    if not osp.isfile(path):
        raise FileNotFoundError(f'{path} is neither a video file nor a '
                                'frame folder')
    cap = cv2.VideoCapture(path)
    if not cap.isOpened():
        raise ValueError(f'OpenCV cannot open the video {path}')
    total = int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) or None
    frames = []
    with tqdm(total=total, desc='reading', unit='frame') as bar:
        while True:
            ok, img = cap.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
            bar.update()
    cap.release()
    if not frames:
        raise ValueError(f'no frame could be decoded from {path}')
    return frames


def video_flow(args, frames, flow_step, name):
    """Quantised uint8 (H, W, 2) flow frames of the video: read from
    ``--flow-dir`` with the config's ``LoadFlowFrames`` step, or computed
    with ``--flow-method``."""
    if args.flow_dir is not None:
        loaded = TRANSFORMS.build(flow_step)(dict(
            video_id=name, flow_dir=args.flow_dir,
            frame_inds=np.arange(1, len(frames) + 1),
            img_shape=frames[0].shape[:2]))
        return loaded['flow_imgs']
    gray = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in frames]
    return [
        quantize_flow(flow, args.flow_bound)
        for flow in tqdm(video_flows(gray, args.flow_method),
                         total=len(gray), desc=f'flow ({args.flow_method})',
                         unit='frame')
    ]


def video_name(path):
    """Name of the video: the folder name or the file stem."""
    path = osp.normpath(path)
    return osp.basename(path) if osp.isdir(path) else \
        osp.splitext(osp.basename(path))[0]


def ground_truth(ann_file, name, class_names):
    """Tubes of video ``name`` in an ACT pickle, as dicts for draw_tubes."""
    if ann_file is None:
        raise ValueError('--show-gt: the config has no readable ACT '
                         'ground-truth file (test dataset ann_file)')
    gt = load_act_gt(ann_file)
    if name not in gt['gttubes']:
        raise ValueError(f'--show-gt: video {name!r} is not in {ann_file}')
    tubes = act_gt_tubes(gt['gttubes'], [name])
    return [
        dict(frames=tubes.frames[tubes.ptr[i]:tubes.ptr[i + 1]],
             boxes=tubes.boxes[tubes.ptr[i]:tubes.ptr[i + 1]],
             text=f'GT {class_names[tubes.label[i]]}')
        for i in range(len(tubes))
    ]


def tube_nms_description(settings):
    """The tube NMS of :func:`inference_settings`, in words."""
    if settings['tube_nms_thr'] is None:
        return 'off'
    mode = 'class-agnostic' if settings['tube_nms_class_agnostic'] else \
        'per class'
    return f"{mode}, overlap IoU > {settings['tube_nms_thr']:g}"


def write_tube_json(json_path, video, frames, class_names, tubes):
    """The tubes drawn on ``frames`` of ``video`` as the demos' JSON: the
    video's name, frame count and size, the class names, and per tube its
    rank, label, score, 1-based frame numbers and pixel xyxy boxes."""
    h, w = frames[0].shape[:2]
    record = dict(
        video=video, num_frames=len(frames), frame_size=[h, w],
        classes=list(class_names),
        tubes=[
            dict(id=t['id'], label=t['label'], label_name=t['label_name'],
                 score=t['score'], frames=t['frames'].tolist(),
                 boxes=np.round(t['boxes'], 2).tolist()) for t in tubes
        ])
    os.makedirs(osp.dirname(osp.abspath(json_path)), exist_ok=True)
    with open(json_path, 'w') as f:
        json.dump(record, f, indent=1)


def main():
    args = parse_args()
    ext = osp.splitext(args.out)[1].lower()
    if ext not in VIDEO_FORMATS:
        raise SystemExit(f'--out must end with one of {sorted(VIDEO_FORMATS)}'
                         f', got {args.out}')
    json_path = args.json or osp.splitext(args.out)[0] + '.json'
    frames = read_video(args.video)
    name = video_name(args.video)

    model = init_tuber(args.config, args.checkpoint, args.device,
                       args.cfg_options)
    ann_file, class_names = dataset_classes(model.cfg)
    num_classes = model.cls_head.num_classes
    if class_names is None or len(class_names) != num_classes:
        class_names = tuple(f'class{i}' for i in range(num_classes))
    settings = inference_settings(model.cfg)
    flow_step = flow_loading(settings['test_pipeline_cfg'])
    if flow_step is None and args.flow_dir is not None:
        raise SystemExit('--flow-dir given, but the model takes RGB only '
                         '(its test pipeline has no LoadFlowFrames)')
    flows = None if flow_step is None else \
        video_flow(args, frames, flow_step, name)
    tubes = inference_tuber(
        model, frames, flows=flows, score_thr=args.score_thr,
        batch_size=args.batch_size, video_id=name, progress=True)
    for tube in tubes:
        tube['label_name'] = class_names[tube['label']]
        tube['text'] = f"{tube['label_name']} {tube['score']:.2f}"
    gt_tubes = ground_truth(ann_file, name, class_names) \
        if args.show_gt else ()

    h, w = frames[0].shape[:2]
    scale = args.scale or max(1, int(round(300 / min(h, w))))
    # lowest score first: the best tubes end up on top
    drawn = draw_tubes(frames, tubes[::-1], gt_tubes=gt_tubes, scale=scale,
                       progress=True)
    write_video(args.out, drawn, args.fps)

    write_tube_json(json_path, args.video, frames, class_names, tubes)
    print(f'{len(tubes)} tubes with score >= {args.score_thr}, tube NMS: '
          f'{tube_nms_description(settings)}')
    print(f'video: {args.out}')
    print(f'json: {json_path}')


if __name__ == '__main__':
    main()
