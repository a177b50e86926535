"""model-index.yml imports one metafile per system (mmaction2's model-index
format); together they list every config exactly once, each model's config
exists, belongs to a collection of its metafile and its results name a
dataset, a task and metrics."""
import glob
import os.path as osp

import yaml

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _load(path):
    with open(osp.join(REPO, path)) as f:
        return yaml.safe_load(f)


def test_model_index_lists_every_config_once():
    index = _load('model-index.yml')
    configs = sorted(
        osp.relpath(p, REPO) for p in glob.glob(
            osp.join(REPO, 'configs', '**', '*.py'), recursive=True)
        if '/_base_/' not in p)
    metafiles = index['Import']
    # one metafile per system directory that has configs
    assert sorted(metafiles) == sorted(
        {'/'.join(c.split('/')[:2]) + '/metafile.yml'
         for c in configs})
    listed = []
    for metafile in metafiles:
        data = _load(metafile)
        collections = {c['Name'] for c in data['Collections']}
        for model in data['Models']:
            assert model['Name'] == osp.basename(model['Config'])[:-3]
            assert osp.isfile(osp.join(REPO, model['Config'])), model
            assert model['Config'].startswith(osp.dirname(metafile) + '/')
            assert model['In Collection'] in collections
            for result in model.get('Results', []):
                assert result['Dataset'] and result['Task']
                assert all(
                    isinstance(v, (int, float))
                    for v in result['Metrics'].values())
            listed.append(model['Config'])
    assert sorted(listed) == configs
