// Mocks for examples/order-workflow.json, written as its Lambda functions would be.
//   asl run examples/order-workflow.json --input examples/order-input.json --mocks examples/order-mocks.js
//   asl run examples/order-workflow.json --input examples/order-input-declined.json --mocks examples/order-mocks.js
// Each function is looked up by the Task's state name (then the Lambda function's name, then the
// resource ARN); it receives the task's input and a context (state name, invocation, retry count,
// Map index, task token, the context object $$), and what it returns is the task's result.

// The error's name is what a Catch's ErrorEquals matches: set it, as on AWS. A plain
// `throw new Error("PaymentFailedError")` fails with Error "Error", and the Catch would not fire.
class PaymentFailedError extends Error {
  constructor(message) {
    super(message);
    this.name = "PaymentFailedError";
  }
}

export default {
  ProcessPayment: async (order, context) => {
    console.log(`charging ${order.amount} for order ${order.orderId} (attempt ${context.retryCount + 1})`);
    if (order.simulate_failure) {
      throw new PaymentFailedError(`card declined for order ${order.orderId}`);
    }
    return { ...order, paymentId: `p-${order.orderId}`, charged: order.amount };
  },

  UpdateInventory: (order) => ({ ...order, inventory: "reserved" }),

  NotifyPaymentSuccess: (order) => ({ notified: "success", orderId: order.orderId, paymentId: order.paymentId }),

  // Reached through the Catch: the input is the error output, {Error, Cause}, where Cause is the
  // Lambda runtime's error document as JSON text.
  NotifyPaymentFailure: (failure) => ({
    notified: "failure",
    error: failure.Error,
    reason: JSON.parse(failure.Cause).errorMessage,
  }),
};
