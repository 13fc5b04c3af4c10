"""The lab's servers: `ssh` (CLI shells, SCP, subsystems such as NETCONF) and `http` (eAPI)."""
