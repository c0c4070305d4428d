package dev.lamina.inspect;

import dev.lamina.api.Shape;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * One picture of a tensor: a layer's output, a weight, or the difference between two backends. Keeps the
 * values it shows, the shape, the layout and the colour scale, so that the same numbers can be printed
 * beside it. Immutable: the image and the values come out as copies.
 */
public final class Picture {
    private final String name;
    private final String description;
    private final Shape shape;
    private final float[] values;
    private final Layout layout;
    private final ColorScale scale;
    private final BufferedImage image;

    Picture(String name, String description, Shape shape, float[] values, Layout layout, ColorScale scale,
            BufferedImage image) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description;
        this.shape = shape;
        this.values = values;
        this.layout = layout;
        this.scale = scale;
        this.image = image;
    }

    /** What the picture shows, e.g. {@code conv1}, {@code conv1.weight}, {@code conv1.diff}. */
    public String name() {
        return name;
    }

    /** A line on what is drawn, e.g. {@code 3 feature maps of 4×5}. */
    public String description() {
        return description;
    }

    /** The shape of the values drawn (one sample, without the batch axis). */
    public Shape shape() {
        return shape;
    }

    public Layout layout() {
        return layout;
    }

    public ColorScale scale() {
        return scale;
    }

    /** Says what was left out, e.g. {@code showing 32 of 64 channels}; empty when everything is shown. */
    public String note() {
        return layout.note();
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /** A copy of the image, to draw on or show in a notebook or a Swing label. */
    public BufferedImage image() {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), image.getType());
        copy.setData(image.getData());
        return copy;
    }

    /** A copy of the values drawn, row-major in {@link #shape()}. */
    public float[] values() {
        return values.clone();
    }

    /** The image without a copy, for this package's own use. */
    BufferedImage imageView() {
        return image;
    }

    /** The values without a copy, for the report. */
    float[] valuesView() {
        return values;
    }

    /** The image as PNG bytes, compressed as far as PNG goes (pictures are mostly flat blocks of colour). */
    public byte[] png() {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        // 0 is the smallest file (deflate level 9): a third of the default's size for heatmaps.
        param.setCompressionQuality(0f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Picture " + name + " " + shape + " " + width() + "×" + height() + " px"
                + (note().isEmpty() ? "" : " (" + note() + ")");
    }
}
