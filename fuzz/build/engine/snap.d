/work/main/fuzz/build/engine/snap.o: /work/main/engine/snap.c \
  /work/main/config.h /work/main/engine/snap.h /work/main/engine/mm.h \
  /work/main/engine/rbtree.h /work/main/engine/trace.h \
  /work/main/engine/vm.h /work/main/engine/run.h \
  /work/main/engine/scenario.h

/work/main/config.h:

/work/main/engine/snap.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/run.h:

/work/main/engine/scenario.h:
