// civic's small amount of JavaScript. No inline scripts (the Content-Security-Policy forbids them).
