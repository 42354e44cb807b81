// Worker of the scan fixture /scan/open-requests.html: as a dedicated worker it long-polls the page's own site and
// stays there, as a message centre's does; as a shared worker (?shared) or a service worker (?service) it only exists.
if (!/[?&](shared|service)\b/.test(self.location.search)) fetch('/scan/live/poll?from=worker').catch(function () {});
