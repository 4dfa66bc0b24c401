# Mocks for examples/order-workflow.json, written as its Lambda handlers would be.
#   asl run examples/order-workflow.json --input examples/order-input.json --mocks examples/order-mocks.py
#   asl run examples/order-workflow.json --input examples/order-input-declined.json --mocks examples/order-mocks.py
# MOCKS maps names to handlers, looked up by the Task's state name (then the Lambda function's
# name, then the resource ARN). A handler receives the task's input and a Lambda-like context
# (function_name, aws_request_id, get_remaining_time_in_millis(), and the task's state_name,
# invocation, retry_count, map_index, parallel_branch, task_token, context_object).
import json


class PaymentFailedError(Exception):
    """The exception's class name is what a Catch's ErrorEquals matches, as on AWS:
    raise Exception("PaymentFailedError") fails with Error "Exception", and the Catch would not fire."""


def process_payment(event, context):
    print(f"charging {event['amount']} for order {event['orderId']} (attempt {context.retry_count + 1})")
    if event.get("simulate_failure"):
        raise PaymentFailedError(f"card declined for order {event['orderId']}")
    return {**event, "paymentId": f"p-{event['orderId']}", "charged": event["amount"]}


def update_inventory(event, context):
    return {**event, "inventory": "reserved"}


def notify_payment_success(event, context):
    return {"notified": "success", "orderId": event["orderId"], "paymentId": event["paymentId"]}


def notify_payment_failure(event, context):
    # Reached through the Catch: the input is the error output, {Error, Cause}, where Cause is
    # the Lambda runtime's error document as JSON text.
    return {"notified": "failure", "error": event["Error"], "reason": json.loads(event["Cause"])["errorMessage"]}


MOCKS = {
    "ProcessPayment": process_payment,
    "UpdateInventory": update_inventory,
    "NotifyPaymentSuccess": notify_payment_success,
    "NotifyPaymentFailure": notify_payment_failure,
}
