package org.streetnode.agent.lwm2m.transport;

import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.stack.BlockwiseLayer;
import org.eclipse.californium.core.network.stack.Layer;

/**
 * Californium's block-wise layer, but for block-wise writes (Block1) to a few resources, which it
 * passes up block by block instead of gathering them in memory up to
 * {@code MAX_RESOURCE_BODY_SIZE} (8 KB; a larger write would get 4.13): the resource stores
 * each block as it comes ({@code object.BlockwiseWritable}), so a package of tens of megabytes
 * costs the node one block of memory. The answers to those blocks get their Block1 option here
 * (2.31 Continue or the final code, echoing the block), as RFC 7959 wants. Everything else,
 * Block2 responses and the node's own large requests included, goes through the standard layer.
 *
 * <p>It wraps the standard layer rather than extending it, since the layer's links to its
 * neighbours are package-private in Californium; the standard layer sees two relays as its
 * neighbours (its link setters would otherwise re-link the real neighbours to itself).
 */
final class StreamedBlock1Layer implements Layer {
    private final BlockwiseLayer standard;
    private final Set<String> streamed;
    private Layer upper;
    private Layer lower;

    /** @param streamed the URI paths ({@code "5/0/0"}) whose block-wise writes go up block by block */
    StreamedBlock1Layer(BlockwiseLayer standard, Set<String> streamed) {
        this.standard = standard;
        this.streamed = Set.copyOf(streamed);
        standard.setUpperLayer(new Relay() {
            @Override
            public void receiveRequest(Exchange exchange, Request request) {
                upper.receiveRequest(exchange, request);
            }

            @Override
            public void receiveResponse(Exchange exchange, Response response) {
                upper.receiveResponse(exchange, response);
            }

            @Override
            public void receiveEmptyMessage(Exchange exchange, EmptyMessage message) {
                upper.receiveEmptyMessage(exchange, message);
            }
        });
        standard.setLowerLayer(new Relay() {
            @Override
            public void sendRequest(Exchange exchange, Request request) {
                lower.sendRequest(exchange, request);
            }

            @Override
            public void sendResponse(Exchange exchange, Response response) {
                lower.sendResponse(exchange, response);
            }

            @Override
            public void sendEmptyMessage(Exchange exchange, EmptyMessage message) {
                lower.sendEmptyMessage(exchange, message);
            }
        });
    }

    private boolean streamed(Request request) {
        return request.getOptions().hasBlock1() && streamed.contains(request.getOptions().getUriPathString());
    }

    @Override
    public void receiveRequest(Exchange exchange, Request request) {
        if (streamed(request)) {
            upper.receiveRequest(exchange, request);
        } else {
            standard.receiveRequest(exchange, request);
        }
    }

    @Override
    public void sendResponse(Exchange exchange, Response response) {
        Request request = exchange.getRequest();
        if (!streamed(request)) {
            standard.sendResponse(exchange, response);
            return;
        }
        if (response.isSuccess()) {
            BlockOption block = request.getOptions().getBlock1();
            response.getOptions().setBlock1(block.getSzx(), response.getCode() == ResponseCode.CONTINUE, block.getNum());
        }
        lower.sendResponse(exchange, response);
    }

    @Override
    public void sendRequest(Exchange exchange, Request request) {
        standard.sendRequest(exchange, request);
    }

    @Override
    public void sendEmptyMessage(Exchange exchange, EmptyMessage message) {
        standard.sendEmptyMessage(exchange, message);
    }

    @Override
    public void receiveResponse(Exchange exchange, Response response) {
        standard.receiveResponse(exchange, response);
    }

    @Override
    public void receiveEmptyMessage(Exchange exchange, EmptyMessage message) {
        standard.receiveEmptyMessage(exchange, message);
    }

    @Override
    public void setLowerLayer(Layer layer) {
        if (lower != layer) {
            lower = layer;
            if (layer != null) {
                layer.setUpperLayer(this);
            }
        }
    }

    @Override
    public void setUpperLayer(Layer layer) {
        if (upper != layer) {
            upper = layer;
            if (layer != null) {
                layer.setLowerLayer(this);
            }
        }
    }

    @Override
    public void setExecutors(ScheduledExecutorService mainExecutor, ScheduledExecutorService secondaryExecutor) {
        standard.setExecutors(mainExecutor, secondaryExecutor);
    }

    @Override
    public void start() {
        standard.start();
    }

    @Override
    public void destroy() {
        standard.destroy();
    }

    /** A neighbour of the standard layer that passes one direction on; the other direction never reaches it. */
    private abstract static class Relay implements Layer {
        @Override
        public void sendRequest(Exchange exchange, Request request) {
            throw new UnsupportedOperationException("a request sent towards the top of the stack");
        }

        @Override
        public void sendResponse(Exchange exchange, Response response) {
            throw new UnsupportedOperationException("a response sent towards the top of the stack");
        }

        @Override
        public void sendEmptyMessage(Exchange exchange, EmptyMessage message) {
            throw new UnsupportedOperationException("a message sent towards the top of the stack");
        }

        @Override
        public void receiveRequest(Exchange exchange, Request request) {
            throw new UnsupportedOperationException("a request received from the top of the stack");
        }

        @Override
        public void receiveResponse(Exchange exchange, Response response) {
            throw new UnsupportedOperationException("a response received from the top of the stack");
        }

        @Override
        public void receiveEmptyMessage(Exchange exchange, EmptyMessage message) {
            throw new UnsupportedOperationException("a message received from the top of the stack");
        }

        @Override
        public void setLowerLayer(Layer layer) {
            // the standard layer links back; the relay's own neighbour is the wrapper's
        }

        @Override
        public void setUpperLayer(Layer layer) {
            // as above
        }

        @Override
        public void setExecutors(ScheduledExecutorService mainExecutor, ScheduledExecutorService secondaryExecutor) {
        }

        @Override
        public void start() {
        }

        @Override
        public void destroy() {
        }
    }
}
