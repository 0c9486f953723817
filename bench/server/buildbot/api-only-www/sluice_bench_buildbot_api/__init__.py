# Debian packages Buildbot's master without buildbot-www (its JavaScript UI is not built from source there), and the
# master refuses to open its web port without a "base" www plugin. The REST API (/api/v2) is part of the master
# itself; this plugin only fills the "base" slot, with an empty static folder instead of the UI.
from buildbot.www.plugin import Application

ep = Application(__name__, "REST API only: Debian ships no buildbot-www")
