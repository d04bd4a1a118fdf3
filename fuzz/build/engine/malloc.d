/work/main/fuzz/build/engine/malloc.o: /work/main/engine/malloc.c \
  /work/main/config.h /work/main/engine/instrument.h \
  /work/main/engine/listing.h /work/main/engine/trace.h \
  /work/main/engine/malloc.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/vm.h

/work/main/config.h:

/work/main/engine/instrument.h:

/work/main/engine/listing.h:

/work/main/engine/trace.h:

/work/main/engine/malloc.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/vm.h:
