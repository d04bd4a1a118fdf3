/work/main/fuzz/build/engine/trace-read.o: /work/main/engine/trace-read.c \
  /work/main/config.h /work/main/engine/listing.h \
  /work/main/engine/trace-read.h /work/main/engine/trace.h

/work/main/config.h:

/work/main/engine/listing.h:

/work/main/engine/trace-read.h:

/work/main/engine/trace.h:
