// Convolution arithmetic calculator (being written).
