package io.decidr.platform.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a request whose target is not a valid URI (a percent escape cut short, say) with 400
 * {@code MALFORMED_REQUEST} in the API's error shape, and closes the connection. WebFlux cannot build such a request
 * and answers 400 with an empty body before any filter or error handler runs; this sits in the server's pipeline
 * right after the HTTP codec, one instance per connection.
 */
final class MalformedTargets extends ChannelInboundHandlerAdapter {

    private static final byte[] BODY = ("{\"errors\":[{\"message\":\"the request target is not a valid URI (check its"
            + " percent escapes: %XY, two hex digits each)\",\"extensions\":{\"code\":\"" + HttpErrors.MALFORMED_REQUEST
            + "\"}}]}").getBytes(StandardCharsets.UTF_8);

    /** The rest of a refused request (its body) is dropped until the connection closes. */
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request && !refused && !valid(request.uri())) {
            refused = true;
            ReferenceCountUtil.release(message);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                    Unpooled.wrappedBuffer(BODY));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (refused && (message instanceof HttpContent || message instanceof HttpRequest)) {
            ReferenceCountUtil.release(message);
            return;
        }
        ctx.fireChannelRead(message);
    }

    static boolean valid(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException notAUri) {
            return false;
        }
    }
}
