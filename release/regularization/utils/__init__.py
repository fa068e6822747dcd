"""Helpers that the course notebooks import.

Everything here is student-facing: it is copied next to each notebook in
``release/<assignment>/utils/`` so a release folder runs on its own.
Instructor tooling (release, grading, reports) lives in ``instructor/``.

Modules:
    activations   sigmoid and relu
    three_layer   the LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID network
    data          data set loaders (circles, football)
    plots         cost curves and decision boundaries
    vectorize     parameter dict <-> flat vector, for gradient checking
    gradcheck_net the network and fixtures of the gradient-checking notebook
    public_tests  helpers behind the public (visible) tests
    runmode       shortens long demonstration runs while autograding
"""
