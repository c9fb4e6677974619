"""`cpmc hub`: the course on a school's JupyterHub (nbgrader's multi-grader setup, French JupyterLab, idle culler).

``settings`` checks what the school gives (accounts, folders, ports, login); ``files`` renders and writes the
folder (``jupyterhub_config.py``, nbgrader settings of the users and of the course, labconfig, installer, README).
"""

from .files import hub_files, write_hub
from .settings import AUTHENTICATORS, HubSettings, HubSettingsError, LtiSettings, check_settings

__all__ = ["AUTHENTICATORS", "HubSettings", "HubSettingsError", "LtiSettings", "check_settings", "hub_files", "write_hub"]
