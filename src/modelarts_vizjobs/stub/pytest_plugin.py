"""pytest plugin of the stub (work in progress): fixtures for consuming services."""
