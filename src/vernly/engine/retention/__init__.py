"""Retention: rules from the policy, sweeps, legal holds, proof."""
