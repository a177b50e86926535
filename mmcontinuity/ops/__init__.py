"""Pure-PyTorch operators shared by the systems (lifting, local
correlation, colour space); each module is a functional core with argument
checks, imported by the models that wrap it."""
