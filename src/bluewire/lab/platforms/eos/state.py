"""What an EOS switch keeps between eAPI requests: its named configuration sessions."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ConfigSession:
    name: str
    candidate: str
    state: str = "pending"  # pending | completed | pendingCommitTimer | aborted


@dataclass
class EosState:
    """Config sessions of one device, shared by all its eAPI connections."""

    sessions: dict[str, ConfigSession] = field(default_factory=dict)
