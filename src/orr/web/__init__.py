"""orr serve: the review meeting in a browser, on the same review file as `orr review`.

``app`` is the Starlette application (routes and what each returns), ``guard`` what keeps
everyone else out (token, Host, CSRF, Content-Security-Policy), ``form`` turns a posted form
into an answer and saves it through the writer `orr review` uses, ``page`` what a page shows,
``server`` runs it under uvicorn. Templates extend the HTML report's Jinja environment;
``static/htmx.min.js`` is htmx.org's file as published on npm (package.json pins the version,
a test checks the copy).
"""
