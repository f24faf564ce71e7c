"""Contract suite: the stub and the generated client held to openapi/modelarts-vizjobs.yaml."""
