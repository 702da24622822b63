package org.deeplesion.dicom.codec;

import java.util.List;

/** The frame header (SOFn segment) of a JPEG stream. */
record JpegFrame(int sofMarker, int precision, int rows, int columns, List<Component> components) {

    /** One image component: its identifier, sampling factors and quantization table selector. */
    record Component(int id, int h, int v, int quantTable) {}

    boolean lossless() {
        return sofMarker == 0xC3;
    }

    int maxH() {
        return components.stream().mapToInt(Component::h).max().orElseThrow();
    }

    int maxV() {
        return components.stream().mapToInt(Component::v).max().orElseThrow();
    }

    int indexOf(int componentId) {
        for (int i = 0; i < components.size(); i++) {
            if (components.get(i).id() == componentId) {
                return i;
            }
        }
        return -1;
    }
}
