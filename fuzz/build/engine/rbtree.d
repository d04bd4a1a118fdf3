/work/main/fuzz/build/engine/rbtree.o: /work/main/engine/rbtree.c \
  /work/main/engine/rbtree.h

/work/main/engine/rbtree.h:
