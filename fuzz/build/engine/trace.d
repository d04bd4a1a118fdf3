/work/main/fuzz/build/engine/trace.o: /work/main/engine/trace.c \
  /work/main/engine/instrument.h /work/main/engine/listing.h \
  /work/main/engine/trace.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/vm.h

/work/main/engine/instrument.h:

/work/main/engine/listing.h:

/work/main/engine/trace.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/vm.h:
