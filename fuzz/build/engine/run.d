/work/main/fuzz/build/engine/run.o: /work/main/engine/run.c \
  /work/main/config.h /work/main/engine/malloc.h /work/main/engine/run.h \
  /work/main/engine/mm.h /work/main/engine/rbtree.h \
  /work/main/engine/trace.h /work/main/engine/vm.h \
  /work/main/engine/scenario.h

/work/main/config.h:

/work/main/engine/malloc.h:

/work/main/engine/run.h:

/work/main/engine/mm.h:

/work/main/engine/rbtree.h:

/work/main/engine/trace.h:

/work/main/engine/vm.h:

/work/main/engine/scenario.h:
