"""Forms vernly hosts: checking submissions, storing them with their proof, messaging."""
