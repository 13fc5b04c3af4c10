"""The edge users' own Nornir scripts plug into: the inventory plugin (with its `lab` option).

It sits beside `cli` and `runs` at the outside of the layers: it may read the device lab's
state, which the engine below it never does (tests/unit/test_layers.py).
"""
