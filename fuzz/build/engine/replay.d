/work/main/fuzz/build/engine/replay.o: /work/main/engine/replay.c \
  /work/main/config.h /work/main/engine/listing.h \
  /work/main/engine/replay.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/run.h \
  /work/main/engine/scenario.h

/work/main/config.h:

/work/main/engine/listing.h:

/work/main/engine/replay.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/run.h:

/work/main/engine/scenario.h:
