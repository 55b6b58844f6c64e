"""Consultations: questions decision makers open to citizens for a while, contributions,
agreements, "read" and "helped shape policy", and the closing summary."""
