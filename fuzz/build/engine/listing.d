/work/main/fuzz/build/engine/listing.o: /work/main/engine/listing.c \
  /work/main/config.h /work/main/engine/listing.h

/work/main/config.h:

/work/main/engine/listing.h:
