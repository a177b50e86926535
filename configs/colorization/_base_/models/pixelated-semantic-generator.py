# Pixelated semantic generator, the purple+blue+green flow of Fig. 2.2
# (Eq. 2.4), the thesis' final model: g_omega is conditioned on the
# embedding and on h_phi's class probabilities, concatenated along the
# channels (the thesis' choice over a feature transform, Fig. 2.6).
_base_ = ['./pixelated-semantic-embedding.py']

model = dict(
    type='PixelatedSemanticGeneratorColorizer',
    fusion=dict(type='ConcatSemantics'))
