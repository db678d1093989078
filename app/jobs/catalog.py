"""Every module that declares jobs; importing this fills the registry."""

from app.jobs import calls as calls
from app.jobs import directory as directory
from app.jobs import maintenance as maintenance
from app.jobs import scheduled as scheduled
from app.jobs import webhooks as webhooks
