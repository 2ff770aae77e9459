"""The shebao command line for operators at a service centre."""
