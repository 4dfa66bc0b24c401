# The runner of Python mocks, embedded in the asl binary (crates/asl-mocks) and started once per
# run as `python3 -c <this> MOCKS_FILE MEMORY_BYTES`. It imports the mocks module, then answers
# task requests, one JSON line in and one JSON line out, in the shapes of asl::mock::code (the
# same as the JavaScript glue, web/src/mocks-host.js).
#
# The module maps names to Lambda handlers with a dict:
#     def process_payment(event, context): ...
#     MOCKS = {"ProcessPayment": process_payment}
# looked up by state name, then Lambda function name, then resource ARN. Inside handlers,
# `random` is seeded per call, time.time() / datetime.now() / date.today() read the virtual
# clock (which stands still; time.sleep returns at once), uuid.uuid4() is seeded, and print()
# output is kept per call. An uncaught exception is reported as the Python Lambda runtime reports
# it: errorMessage, errorType (the class name), requestId, stackTrace.
#
# The playground runs this same file in Pyodide, in a Web Worker (web/src/mocks-python-worker.js):
# there it is not __main__, and the Worker drives a Runner itself.

import copy
import datetime
import io
import json
import os
import random
import sys
import time
import traceback
import types
import uuid

MAX_LOG_CHARS = 1_000_000


def main():
    path = sys.argv[1]
    memory = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    # The protocol owns the real stdout; whatever else writes to file descriptor 1 goes to stderr.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    requests = sys.stdin
    sys.stdin = open(os.devnull, encoding="utf-8")
    if memory > 0:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):
            pass

    def send(text):
        protocol.write(text + "\n")
        protocol.flush()

    runner = Runner()
    try:
        directory = os.path.dirname(os.path.abspath(path))
        if directory not in sys.path:
            sys.path.insert(0, directory)
        with open(path, "rb") as file:
            source = file.read()
        loaded = runner.load(source, os.path.basename(path), os.path.abspath(path))
    except BaseException:
        send(json.dumps({"error": traceback.format_exc().rstrip(), "logs": runner.capture.take()}))
        return
    send(json.dumps(loaded))
    for line in requests:
        send(runner.answer(line))


class Runner:
    """The mocks module and what its handlers see: the virtual clock, the seeded random numbers,
    the captured output, the execution's input. The CLI's main() drives one over stdin and
    stdout; the playground's Worker (web/src/mocks-python-worker.js) drives one in Pyodide."""

    def __init__(self):
        os.environ["TZ"] = "UTC"
        if hasattr(time, "tzset"):
            time.tzset()
        self.clock = install_virtual_clock()
        self.capture = Capture()
        sys.stdout = self.capture
        sys.stderr = self.capture
        self.functions = {}
        # The input of the execution in progress crosses once per execution, not with every call.
        self.execution = {"id": None, "input": None}

    def load(self, source, file_name, path=None):
        """Runs the module (raising what it raises) and returns {"names", "problems", "logs"}."""
        # Compiled under its file name alone, so that stack traces (and so histories) do not
        # depend on where the file sits; linecache finds its lines through sys.path.
        code = compile(source, file_name, "exec")
        module = types.ModuleType("mocks")
        module.__file__ = path or file_name
        sys.modules["mocks"] = module
        exec(code, module.__dict__)
        functions = getattr(module, "MOCKS", None)
        problems = []
        if not isinstance(functions, dict):
            problems.append(
                'the module needs a MOCKS dict mapping names to handlers, like MOCKS = {"ProcessPayment": process_payment}'
            )
            functions = {}
        for name, handler in list(functions.items()):
            if not isinstance(name, str):
                problems.append(f"MOCKS has a key {name!r} that is not a string")
            elif not callable(handler):
                problems.append(f'MOCKS["{name}"] is a {type(handler).__name__}, not a function')
        self.functions = functions
        names = [name for name in functions if isinstance(name, str)]
        return {"names": names, "problems": problems, "logs": self.capture.take()}

    def answer(self, line):
        """Answers one request (JSON text) with the answer's JSON text."""
        request = json.loads(line)
        functions = self.functions
        capture = self.capture
        sent = request.get("execution") or {}
        if "input" in sent:
            self.execution = {"id": sent.get("id"), "input": sent["input"]}
        self.clock["now"] = request["now"]
        a, b, c, d = request["seed"]
        random.seed((a << 96) | (b << 64) | (c << 32) | d)
        capture.take()
        found = next((name for name in request["names"] if name in functions), None)
        if found is None:
            return json.dumps({"missing": True, "logs": capture.take()})
        context = LambdaContext(request["context"], self.execution["input"])
        answer = {"found": found}
        try:
            result = functions[found](request["input"], context)
            try:
                value = json.dumps(result, allow_nan=False)
                logs = json.dumps(capture.take())
                return f'{{"found":{json.dumps(found)},"value":{value},"logs":{logs}}}'
            except (TypeError, ValueError) as error:
                answer["notJson"] = f"returned a value that cannot be turned into JSON (Unable to marshal response: {error})"
        except BaseException as error:
            frames = traceback.extract_tb(error.__traceback__)[1:]
            message = str(error)
            name = type(error).__name__
            answer["threw"] = {
                "name": name,
                "message": message,
                "document": {
                    "errorMessage": message,
                    "errorType": name,
                    "requestId": context.aws_request_id,
                    "stackTrace": traceback.format_list(frames),
                },
            }
        answer["logs"] = capture.take()
        return json.dumps(answer)


class Capture(io.TextIOBase):
    """What handlers print, kept per call."""

    def __init__(self):
        self.parts = []
        self.size = 0

    def writable(self):
        return True

    def write(self, text):
        if self.size < MAX_LOG_CHARS:
            self.parts.append(text)
            self.size += len(text)
        return len(text)

    def take(self):
        text = "".join(self.parts)
        self.parts = []
        self.size = 0
        return text.splitlines()


class LambdaContext:
    """The handler's context: Lambda's context object, and the task's details."""

    def __init__(self, data, execution_input):
        self.function_name = data.get("functionName") or data.get("stateName")
        self.function_version = data.get("functionVersion") or "$LATEST"
        self.invoked_function_arn = data.get("invokedFunctionArn") or data.get("resource")
        self.aws_request_id = data.get("awsRequestId")
        self.memory_limit_in_mb = "128"
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "mock"
        self.state_name = data.get("stateName")
        self.resource = data.get("resource")
        self.invocation = data.get("invocation")
        self.retry_count = data.get("retryCount")
        self.map_index = data.get("mapIndex")
        self.parallel_branch = data.get("parallelBranch")
        self.task_token = data.get("taskToken")
        self._context_object = data.get("contextObject")
        self._execution_input = execution_input
        self._filled = False
        self._remaining = data.get("remainingMillis", 0)

    @property
    def context_object(self):
        """The context object $$, with (a copy of) the execution's input put back when first read."""
        if not self._filled:
            self._filled = True
            members = (self._context_object or {}).get("Execution")
            if isinstance(members, dict) and "Input" in members:
                members["Input"] = copy.deepcopy(self._execution_input)
        return self._context_object

    def get_remaining_time_in_millis(self):
        return self._remaining


def install_virtual_clock():
    clock = {"now": 0}
    real_datetime = datetime.datetime
    real_date = datetime.date

    def seconds():
        return clock["now"] / 1000

    class VirtualDatetime(real_datetime):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(seconds(), tz)

        @classmethod
        def utcnow(cls):
            return cls.fromtimestamp(seconds(), datetime.timezone.utc).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(seconds())

    class VirtualDate(real_date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(seconds())

    datetime.datetime = VirtualDatetime
    datetime.date = VirtualDate
    time.time = seconds
    time.time_ns = lambda: clock["now"] * 1_000_000
    time.sleep = lambda _seconds: None
    uuid.uuid4 = lambda: uuid.UUID(int=random.getrandbits(128), version=4)
    return clock


if __name__ == "__main__":
    main()
