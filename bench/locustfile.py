"""The load scenario of `make bench`: people browsing, searching and booking at once.

Run by bench/load.py against gunicorn on loopback; each simulated person has a prepared session
(signing 50 people in through the login form would only measure its rate limit).
"""

import json
import os
import random
import re

from locust import HttpUser, between, events, task

SESSIONS = json.loads(os.environ["LOAD_SESSIONS"])
SLOTS = json.loads(os.environ.get("LOAD_SLOTS", "[]"))  # a few free hours that everybody tries to book
SEARCHES = ["лаборатория", "испытания", "технопарк", "testing", "robotics", "прототип", "сертификация", "coworking"]
JOB_SEARCHES = ["инженер", "python", "разработчик", "analyst", "технолог", "design"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
server_errors = []


@events.request.add_listener
def _count_server_errors(request_type, name, response, **kwargs):
    if response is not None and response.status_code >= 500:
        server_errors.append((name, response.status_code))


class Person(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.session = SESSIONS.pop() if SESSIONS else None
        self.cookies = {"sessionid": self.session["sessionid"]} if self.session else {}

    def get(self, path, name):
        return self.client.get(path, name=name, cookies=self.cookies)

    def post_form(self, path, data, name, expected=(200, 302)):
        """A form as a browser sends it: the page first (for the CSRF token), then the POST."""
        page = self.get(path, name=f"{name} (form)")
        token = CSRF_FIELD.search(page.text)
        csrf_cookie = page.cookies.get("csrftoken") or self.cookies.get("csrftoken")
        if not token or not csrf_cookie:
            return
        self.cookies["csrftoken"] = csrf_cookie
        data = {**data, "csrfmiddlewaretoken": token.group(1)}
        with self.client.post(
            path, name=name, data=data, cookies=self.cookies, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in expected:
                response.success()
            else:
                response.failure(f"answered {response.status_code}")

    @task(4)
    def browse_directory(self):
        self.get("/directory/", "directory list")
        self.get(
            f"/directory/?okrug={random.choice(['cao', 'sao', 'zao', 'zelao'])}&kind=laboratory", "directory filter"
        )

    @task(3)
    def search(self):
        self.get(f"/search/?q={random.choice(SEARCHES)}", "site search")
        self.get(f"/directory/?q={random.choice(SEARCHES)}", "directory search")

    @task(2)
    def profile(self):
        self.get("/directory/technopolis-moscow/", "organization profile")

    @task(2)
    def book_a_slot(self):
        if not SLOTS or not self.session:
            return
        slot = random.choice(SLOTS)
        book = f"/spaces/r/{slot['resource']}/book/"
        self.get(f"/spaces/r/{slot['resource']}/", "resource calendar")
        data = {"date": slot["date"], "start": slot["start"], "end": slot["end"], "people": 1, "weeks": 1}
        self.post_form(book, data, "book a slot")  # 302: booked; 200: the form says the slot is taken

    @task(3)
    def find_work(self):
        self.get("/jobs/", "job search")
        self.get(f"/jobs/?q={random.choice(JOB_SEARCHES)}&employment=full_time", "job search text and filter")

    @task(2)
    def find_a_course(self):
        self.get(f"/courses/?age={random.randint(7, 15)}", "course finder")

    @task(1)
    def incentives(self):
        self.get("/programs/", "incentives")

    @task(1)
    def home(self):
        self.get("/", "home")
