"""Two-in-one demo: detect action tubes in a video with an SSD of Chapter 4
(RGB / flow / two-in-one stream, single- or multi-frame, or two fused
streams) and draw them.

VIDEO is a video file or a folder of frames (read as tools/demo/
tuber_demo.py reads them). Every frame (single-frame detectors) or every
K-frame clip (multi-frame detectors) goes through the config's test
pipeline after its loading steps and the model; the detections are linked
into tubes as the config's ``TubeletVideoMAP`` links them (online frame
linking or ACT's tubelet linking). The flow of models that take it comes
from ``--flow-dir`` (read by the config's ``LoadFlowFrames``) or is
computed from the frames with ``--flow-method`` (tools/data/
extract_flow.py's methods and quantisation). Each tube is drawn in its own
colour with "class score"; writes a GIF or an MP4 (by ``--out``'s
extension) and a JSON of the tubes (the format of tuber_demo.py)::

    python tools/demo/two_in_one_demo.py \\
        data/continuity_bench/tubelets/rawframes/test_0000 \\
        configs/two_in_one/two-in-one-ssd-tiny_r18-w16_1xb8-600_\\
continuity-bench-tubelets-rgb-flow.py \\
        work_dirs/two-in-one-ssd-tiny/iter_600.pth \\
        --flow-dir data/continuity_bench/tubelets/flow/test_0000 \\
        --out outputs/two_in_one_demo.gif
"""
import argparse
import os.path as osp

from mmengine.config import DictAction
from tuber_demo import (read_video, video_flow, video_name,
                        write_tube_json)

import mmcontinuity  # noqa: F401  (registers the modules)
from mmcontinuity.apis import dataset_classes, flow_loading
from mmcontinuity.apis.two_in_one import (inference_two_in_one,
                                          init_two_in_one)
from mmcontinuity.datasets.flow_io import DEFAULT_BOUND
from mmcontinuity.datasets.optical_flow import METHODS
from mmcontinuity.visualization import VIDEO_FORMATS, draw_tubes, write_video


def parse_args():
    parser = argparse.ArgumentParser(
        description='Detect and draw two-in-one action tubes in a video')
    parser.add_argument('video', help='video file or folder of frames')
    parser.add_argument('config', help='two-in-one detector config file')
    parser.add_argument('checkpoint', nargs='?',
                        help='checkpoint file (none for a fused two-stream '
                        "config, which loads its streams' checkpoints)")
    parser.add_argument('--out', required=True,
                        help=f'output video, extension one of '
                        f'{sorted(VIDEO_FORMATS)}')
    parser.add_argument('--json', help='output JSON of the tubes (default: '
                        '--out with the extension .json)')
    parser.add_argument('--score-thr', type=float, default=0.3,
                        help='draw tubes whose score is >= this')
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--fps', type=float, default=8.0)
    parser.add_argument('--scale', type=float,
                        help='resize factor of the output frames (default: '
                        'an integer bringing the short side near 300 px)')
    parser.add_argument('--batch-size', type=int, default=8)
    parser.add_argument('--flow-dir', help='flow frames of the video')
    parser.add_argument('--flow-method', choices=METHODS, default='tvl1',
                        help='flow computed from the frames without '
                        '--flow-dir')
    parser.add_argument('--flow-bound', type=float, default=DEFAULT_BOUND,
                        help='quantisation bound (pixels) of computed flow')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings (key=value)')
    return parser.parse_args()


def main():
    args = parse_args()
    if osp.splitext(args.out)[1].lower() not in VIDEO_FORMATS:
        raise SystemExit(f'--out must end with one of {sorted(VIDEO_FORMATS)}'
                         f', got {args.out}')
    json_path = args.json or osp.splitext(args.out)[0] + '.json'
    frames = read_video(args.video)
    name = video_name(args.video)
    model = init_two_in_one(args.config, args.checkpoint, args.device,
                            args.cfg_options)
    _, class_names = dataset_classes(model.cfg)
    flow_step = flow_loading(model.cfg.test_dataloader.dataset.pipeline)
    if flow_step is None and args.flow_dir is not None:
        raise SystemExit('--flow-dir given, but the model takes RGB only')
    flows = None if flow_step is None else \
        video_flow(args, frames, flow_step, name)
    tubes = inference_two_in_one(model, frames, flows, args.score_thr,
                                 args.batch_size, name)
    num_classes = max([len(class_names or ())] +
                      [t['label'] + 1 for t in tubes])
    if class_names is None or len(class_names) != num_classes:
        class_names = tuple(f'class{i}' for i in range(num_classes))
    for tube in tubes:
        tube['label_name'] = class_names[tube['label']]
        tube['text'] = f"{tube['label_name']} {tube['score']:.2f}"
    h, w = frames[0].shape[:2]
    scale = args.scale or max(1, int(round(300 / min(h, w))))
    # lowest score first: the best tubes end up on top
    write_video(args.out, draw_tubes(frames, tubes[::-1], scale=scale),
                args.fps)
    write_tube_json(json_path, args.video, frames, class_names, tubes)
    print(f'{len(tubes)} tubes with score >= {args.score_thr}')
    print(f'video: {args.out}')
    print(f'json: {json_path}')


if __name__ == '__main__':
    main()
