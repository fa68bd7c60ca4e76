package io.decidr.platform.web;

import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Puts {@link MalformedTargets} into every HTTP connection's pipeline, after the codec. */
@Configuration(proxyBeanMethods = false)
public class MalformedTargetsConfiguration {

    @Bean
    NettyServerCustomizer malformedTargets() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "decidr.malformedTargets", new MalformedTargets());
            }
        });
    }
}
