# Table 3.1, "LL+LH+HL+HH (w/o c_u and c_p)": LiftDownPool summing the four
# sub-bands, trained without the regularisers (lambda_u = lambda_p = 0).
_base_ = ['../vgg13bn-liftdownpool_1xb100-160e_cifar100.py']

model = dict(lambda_u=0., lambda_p=0.)
