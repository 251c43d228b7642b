package org.streetnode.agent.lwm2m.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;

/** The text rules of {@link PlainErrorAnswers}; the answers themselves are tested through a peer (PlainErrorAnswersTest). */
class PlainErrorAnswersMessageTest {

    @Test
    void cutsExceptionNamesAndEverythingAfterTheFirstLine() {
        assertThat(PlainErrorAnswers.plain("org.eclipse.leshan.core.node.InvalidLwM2mPathException: Invalid elements in path"
                + " 3/0/99999999999", ResponseCode.BAD_REQUEST)).isEqualTo("Invalid elements in path 3/0/99999999999");
        assertThat(PlainErrorAnswers.plain("Invalid Execute request : java.lang.IllegalArgumentException: bad quote\n"
                + "\tat org.example.Foo.bar(Foo.java:12)\nCaused by: x.y.ZError", ResponseCode.BAD_REQUEST))
                .isEqualTo("Invalid Execute request : bad quote");
        assertThat(PlainErrorAnswers.plain("the override end time is not in the future", ResponseCode.BAD_REQUEST))
                .isEqualTo("the override end time is not in the future");
    }

    @Test
    void aMessageThatStillShowsInternalsBecomesTheNameOfItsCode() {
        assertThat(PlainErrorAnswers.plain("failed in org.streetnode.agent.lwm2m.object.DeviceObject", ResponseCode.INTERNAL_SERVER_ERROR))
                .isEqualTo("internal server error");
        assertThat(PlainErrorAnswers.plain("java.lang.NullPointerException", ResponseCode.BAD_REQUEST)).isEqualTo("bad request");
    }
}
