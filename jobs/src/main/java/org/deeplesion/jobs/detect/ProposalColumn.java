package org.deeplesion.jobs.detect;

import java.util.ArrayList;
import java.util.List;
import org.deeplesion.detect.Proposal;
import org.deeplesion.encoding.Floats;
import org.deeplesion.recist.BoundingBox;

/** An image's proposals as one binary column: x1, y1, x2, y2, score per proposal, little-endian floats. */
final class ProposalColumn {

    private ProposalColumn() {}

    static byte[] encode(List<Proposal> proposals) {
        float[] values = new float[proposals.size() * 5];
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            values[i * 5] = (float) p.box().x1();
            values[i * 5 + 1] = (float) p.box().y1();
            values[i * 5 + 2] = (float) p.box().x2();
            values[i * 5 + 3] = (float) p.box().y2();
            values[i * 5 + 4] = (float) p.score();
        }
        return Floats.toBytes(values);
    }

    static List<Proposal> decode(byte[] bytes) {
        float[] values = Floats.fromBytes(bytes);
        List<Proposal> out = new ArrayList<>(values.length / 5);
        for (int i = 0; i + 4 < values.length; i += 5) {
            out.add(new Proposal(
                    new BoundingBox(values[i], values[i + 1], values[i + 2], values[i + 3]), values[i + 4]));
        }
        return out;
    }
}
